// `docker compose --profile local up` runs the whole demo with no .env, yet the BFF needs a client
// secret and a session secret. In that one situation it takes the development IdP's public values,
// as `npm start` does (scripts/start.ts); STYLE.md rule 2 keeps them out of anything reachable:
// never with NODE_ENV=production, and only while both the app and the issuer have loopback names
// (localhost, *.localhost, 127.x), which no other machine's browser can open.
import { DEV_CLIENT_SECRET, DEV_SESSION_SECRET } from '../idp/src/dev-defaults.js';

type Env = Readonly<Record<string, string | undefined>>;

// RFC 6761 §6.3: localhost and every name under .localhost are loopback names.
const LOOPBACK_HOST = /^(?:localhost|(?:[a-z0-9-]+\.)+localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

export function isLoopbackUrl(value: string | undefined): boolean {
  const url = value ? URL.parse(value) : null;
  return url !== null && (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOST.test(url.hostname);
}

/** The secrets to add to `env` for the local demo: none unless every condition above holds, and never one already set. */
export function demoSecrets(env: Env): Record<string, string> {
  if (env.NODE_ENV === 'production') return {};
  if (!isLoopbackUrl(env.APP_BASE_URL) || !isLoopbackUrl(env.ISSUER_BASE_URL)) return {};
  const added: Record<string, string> = {};
  if (!env.CLIENT_SECRET) added.CLIENT_SECRET = DEV_CLIENT_SECRET;
  if (!env.SESSION_SECRET) added.SESSION_SECRET = DEV_SESSION_SECRET;
  return added;
}
