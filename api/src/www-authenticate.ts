import type { BearerChallenge } from './http-error.js';

export const REALM = 'api';

// RFC 6750 section 3: attribute values are quoted-strings limited to %x20-21 / %x23-5B / %x5D-7E,
// so a quote or backslash could never break out of the header, whatever a description holds.
const OUTSIDE_QUOTED_VALUE = /[^\x20\x21\x23-\x5B\x5D-\x7E]/g;

export function bearerChallenge(challenge: BearerChallenge): string {
  const params: [string, string | undefined][] = [
    ['realm', REALM],
    ['error', challenge.error],
    ['error_description', challenge.error ? challenge.description : undefined],
    ['scope', challenge.scope],
  ];
  const attributes = params
    .filter((param): param is [string, string] => param[1] !== undefined)
    .map(([name, value]) => `${name}="${value.replace(OUTSIDE_QUOTED_VALUE, '')}"`);
  return `Bearer ${attributes.join(', ')}`;
}
