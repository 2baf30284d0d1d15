import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

// express-openid-connect signs the session cookie as a detached JWS (HS256, b64: false, RFC 7797)
// over `<name>=<id>`, with a key derived from the secret. The /api fast path verifies the same
// signature itself, so it needs no second format: a cookie from the login works on both paths.
const PROTECTED_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', b64: false, crit: ['b64'] })).toString('base64url');

export type CookieSigner = Readonly<{
  /** The session id when `value` is `<id>.<signature>` signed with our key; undefined otherwise. */
  verify(value: string): string | undefined;
  sign(sessionId: string): string;
}>;

export function createCookieSigner(secret: string, cookieName: string): CookieSigner {
  const key = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), 'JWS Cookie Signing', 32));
  const prefix = `${PROTECTED_HEADER}.${cookieName}=`;
  const signature = (sessionId: string) => createHmac('sha256', key).update(prefix).update(sessionId).digest();

  return Object.freeze({
    verify(value: string) {
      const dot = value.lastIndexOf('.');
      if (dot <= 0) return undefined;
      const sessionId = value.slice(0, dot);
      // Compared as text, not decoded bytes: base64url has several spellings of the same bytes
      // (the last character's spare bits), and only the canonical one is ours.
      const presented = Buffer.from(value.slice(dot + 1));
      const expected = Buffer.from(signature(sessionId).toString('base64url'));
      return presented.length === expected.length && timingSafeEqual(presented, expected) ? sessionId : undefined;
    },
    sign: (sessionId: string) => `${sessionId}.${signature(sessionId).toString('base64url')}`,
  });
}

/** The value of one cookie from a Cookie header, without parsing the others. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
