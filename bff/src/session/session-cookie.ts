import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

// The session cookie is `<id>.<mac>`: a random id of 32 bytes and an HMAC-SHA256 over
// `<cookie name>=<id>`, both unpadded base64url. 32 bytes take 43 characters whose last one carries
// 4 bits and 2 zero bits, so the final character is one of 16: with that, the pattern below admits
// exactly one spelling of every valid cookie (no padding, no spare bits, no trailing junk).
const B64_32_BYTES = '[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]';
const CANONICAL = new RegExp(`^(${B64_32_BYTES})\\.(${B64_32_BYTES})$`);
const KEY_LABEL = 'bff-session-cookie-v2';
const VERIFIED_LIMIT = 10_000;

/** What a request's Cookie header says about the session. */
export type PresentedCookie =
  | { kind: 'absent' }
  /** Present but not ours: a bad signature, a non-canonical spelling, or the name sent twice. */
  | { kind: 'invalid' }
  /** `secretIndex`: which SESSION_SECRET signed it (0 = the newest). */
  | { kind: 'valid'; sessionId: string; secretIndex: number };

export type SessionCookie = Readonly<{
  name: string;
  read(cookieHeader: string | undefined): PresentedCookie;
  newSessionId(): string;
  /** The Set-Cookie value for a session, signed with the newest secret. */
  issue(sessionId: string, expiresAt: number): string;
  /** The Set-Cookie value that removes the cookie. */
  clear(): string;
}>;

export function createSessionCookie(options: {
  name: string;
  secrets: readonly string[];
  secure: boolean;
  sameSite: 'Lax' | 'Strict';
}): SessionCookie {
  const { name, secrets, secure, sameSite } = options;
  if (secrets.length === 0) throw new TypeError('createSessionCookie: at least one secret is needed');
  const keys = secrets.map((secret) => Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), KEY_LABEL, 32)));
  const mac = (key: Buffer, sessionId: string) => createHmac('sha256', key).update(`${name}=${sessionId}`).digest();
  const attributes = `; Path=/; HttpOnly${secure ? '; Secure' : ''}; SameSite=${sameSite}`;
  // Cookie values this process has verified: the same string verifies the same way for as long as
  // the secrets are these, so a session's every request after the first skips the HMAC. Only valid
  // values enter (a forged one is checked every time); bounded, the oldest out first.
  const verified = new Map<string, PresentedCookie & { kind: 'valid' }>();

  function verify(value: string): PresentedCookie {
    const match = CANONICAL.exec(value);
    if (!match) return { kind: 'invalid' };
    const sessionId = match[1] as string;
    const presented = Buffer.from(match[2] as string, 'base64url');
    for (let index = 0; index < keys.length; index += 1) {
      if (!timingSafeEqual(presented, mac(keys[index] as Buffer, sessionId))) continue;
      const valid = Object.freeze({ kind: 'valid' as const, sessionId, secretIndex: index });
      if (verified.size >= VERIFIED_LIMIT) verified.delete(verified.keys().next().value as string);
      verified.set(value, valid);
      return valid;
    }
    return { kind: 'invalid' };
  }

  return Object.freeze({
    name,
    read(cookieHeader: string | undefined): PresentedCookie {
      const value = cookieValue(cookieHeader, name);
      if (value === undefined) return { kind: 'absent' };
      if (value === AMBIGUOUS) return { kind: 'invalid' };
      return verified.get(value) ?? verify(value);
    },
    newSessionId: () => randomBytes(32).toString('base64url'),
    issue(sessionId: string, expiresAt: number) {
      const value = `${sessionId}.${mac(keys[0] as Buffer, sessionId).toString('base64url')}`;
      return `${name}=${value}; Expires=${new Date(expiresAt * 1000).toUTCString()}${attributes}`;
    },
    clear: () => `${name}=; Expires=Thu, 01 Jan 1970 00:00:00 GMT${attributes}`,
  });
}

const AMBIGUOUS = Symbol('ambiguous');

/**
 * The one Cookie header parser of the BFF (RFC 6265 §5.4 as browsers send it): pairs split on `;`,
 * the name is everything before the first `=` with spaces and tabs around it removed — nothing else
 * (a no-break space is part of the name, so `\u00a0bff_session` is another cookie). The value is
 * taken as sent: no quotes removed, no percent-decoding. A name sent twice is ambiguous (a cookie
 * tossed in from a sibling domain or an old path beside ours): neither value is used.
 */
function cookieValue(header: string | undefined, name: string): string | typeof AMBIGUOUS | undefined {
  if (!header || !header.includes(name)) return undefined;
  let found: string | undefined;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq === -1 || trimSpaces(pair.slice(0, eq)) !== name) continue;
    if (found !== undefined) return AMBIGUOUS;
    found = trimSpaces(pair.slice(eq + 1));
  }
  return found;
}

function trimSpaces(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && (text[start] === ' ' || text[start] === '\t')) start += 1;
  while (end > start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end -= 1;
  return text.slice(start, end);
}
