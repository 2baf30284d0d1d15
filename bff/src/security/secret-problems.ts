import { DEV_CLIENT_SECRET, DEV_COOKIE_KEYS, DEV_SESSION_SECRET } from '../../../idp/src/dev-defaults.js';
import { secretWeakness } from './secret-strength.js';

const MIN_LENGTH = 32;
const GENERATE = 'generate one with `openssl rand -base64 48`';
// The development values are public (idp/src/dev-defaults.ts): in production not even a part of one.
const PUBLIC_VALUES = [DEV_CLIENT_SECRET, DEV_SESSION_SECRET, ...DEV_COOKIE_KEYS, 'dev-only-'];

/**
 * What is wrong with CLIENT_SECRET and SESSION_SECRET (comma-separated, newest first). Outside
 * production a secret needs 32 characters; in production each session secret must look like 32
 * random bytes (secret-strength.ts), contain no public development value and no client secret:
 * a secret known to the IdP's administrators, or sent over the network to the token endpoint,
 * would let them forge session cookies.
 */
export function secretProblems(options: { clientSecret: string | undefined; sessionSecrets: readonly string[]; production: boolean }): string[] {
  const { clientSecret, sessionSecrets, production } = options;
  const problems: string[] = [];
  // undefined: private_key_jwt, no client secret at all.
  if (clientSecret === '') problems.push('CLIENT_SECRET is missing: set it in the environment (with docker compose: the CLIENT_SECRET= line of .env) to the client secret from your provider');
  else if (clientSecret && production && PUBLIC_VALUES.some((value) => clientSecret.includes(value))) problems.push('CLIENT_SECRET contains a public development value: set the secret from your provider');

  if (sessionSecrets.every((secret) => secret === '')) {
    problems.push(`SESSION_SECRET is missing: ${GENERATE} and set it in the environment (with docker compose: the SESSION_SECRET= line of .env), the same on every BFF replica`);
    return problems;
  }
  sessionSecrets.forEach((secret, index) => {
    const which = sessionSecrets.length > 1 ? `SESSION_SECRET (secret number ${index + 1} of ${sessionSecrets.length})` : 'SESSION_SECRET';
    if (secret === '') {
      problems.push(`${which} is empty: remove the extra comma`);
    } else if (!production) {
      if (secret.length < MIN_LENGTH) problems.push(`${which} must be at least ${MIN_LENGTH} characters: ${GENERATE}`);
    } else if (PUBLIC_VALUES.some((value) => secret.includes(value))) {
      problems.push(`${which} contains a public development value: ${GENERATE}`);
    } else if (clientSecret && clientSecret.length >= 8 && (secret.includes(clientSecret) || clientSecret.includes(secret))) {
      problems.push(`${which} reuses CLIENT_SECRET: a session secret must be its own; ${GENERATE}`);
    } else {
      const weakness = secretWeakness(secret);
      if (weakness) problems.push(`${which} does not look like 32 random bytes: ${weakness}; ${GENERATE}`);
    }
  });
  return problems;
}
