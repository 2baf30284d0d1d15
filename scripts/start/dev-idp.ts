import { isLoopbackHost } from '@vue-bff/shared';

// Whether `npm start` runs the development IdP. DEV_IDP=true or false says so; unset (or `auto`)
// follows one static rule: the dev IdP's issuer is always a plain http origin on a loopback name
// (http://localhost:4000), so such an issuer means the dev IdP, and anything else — https, another
// host, or a path (Keycloak's http://localhost:8080/realms/<realm>, the typical local provider) —
// means a provider of the user's own. A static rule rather than a probe of what answers there now:
// a probe would make a second `npm start` silently reuse the first one's dev IdP (registered with
// the first app's callback URL) and turn a busy port into a different setup. A provider of one's
// own on a bare loopback origin is the one case that needs DEV_IDP=false, and the busy-port
// message says so.

export type DevIdpChoice = Readonly<{ start: true } | { start: false; reason: string }>;

export function chooseDevIdp(setting: string | undefined, issuer: string): DevIdpChoice | Readonly<{ problem: string }> {
  const value = setting?.trim().toLowerCase() || 'auto';
  if (value !== 'auto' && value !== 'true' && value !== 'false') {
    return { problem: `DEV_IDP must be true, false or auto (unset: auto, the dev IdP runs when the issuer is http://localhost:<port>), got "${setting}"` };
  }
  if (value === 'false') return { start: false, reason: 'DEV_IDP=false' };
  const url = new URL(issuer);
  const devIdpShaped = url.protocol === 'http:' && url.pathname === '/';
  if (value === 'true') {
    return devIdpShaped ? { start: true } : {
      problem: `DEV_IDP=true runs the development IdP at ISSUER_BASE_URL, which must then be a plain http origin such as http://localhost:4000, got "${issuer}"`,
    };
  }
  if (!isLoopbackHost(url.hostname)) return { start: false, reason: 'not on this machine' };
  if (!devIdpShaped) return { start: false, reason: 'not a plain http origin, so your own provider' };
  return { start: true };
}
