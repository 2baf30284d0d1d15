import { describe, expect, it } from 'vitest';
import { createSessionCookie } from '../../bff/src/session/session-cookie.js';

const SECRET = 'a-session-secret-of-enough-length-0123456789';
const OLD_SECRET = 'the-previous-session-secret-of-enough-length';
const cookie = createSessionCookie({ name: 'bff_session', secrets: [SECRET], secure: false, sameSite: 'Lax' });

/** `<id>.<mac>` as a fresh login would set it. */
function issued(sessionId = cookie.newSessionId(), issuer = cookie): string {
  return (/^bff_session=([^;]*)/.exec(issuer.issue(sessionId, 2_000_000_000)) ?? [])[1] ?? '';
}

describe('session cookie: reading', () => {
  it('the cookie as issued → its session id, signed by secret 0', () => {
    const id = cookie.newSessionId();
    expect(cookie.read(`bff_session=${issued(id)}`)).toEqual({ kind: 'valid', sessionId: id, secretIndex: 0 });
  });

  it('no Cookie header, or none of that name → absent', () => {
    expect([cookie.read(undefined), cookie.read('other=1; xbff_session=2')]).toEqual([{ kind: 'absent' }, { kind: 'absent' }]);
  });

  it('a new session id → 32 random bytes, 43 base64url characters, never the same twice', () => {
    const ids = new Set(Array.from({ length: 100 }, () => cookie.newSessionId()));
    expect([ids.size, [...ids].every((id) => Buffer.from(id, 'base64url').length === 32 && id.length === 43)]).toEqual([100, true]);
  });

  it('spaces and tabs around the name and value → the same cookie (RFC 6265 parsing)', () => {
    const value = issued();
    expect(cookie.read(`a=1;\t bff_session \t= ${value} ;b=2`).kind).toBe('valid');
  });

  it.each([
    ['a no-break space before the name', '\u00a0bff_session'],
    ['a no-break space after the name', 'bff_session\u00a0'],
    ['a chunk-looking name', 'bff_session.0'],
    ['a chunk-looking name with a space before "="', 'bff_session.0 '],
    ['another letter case', 'BFF_SESSION'],
  ])('%s → another cookie, not ours (absent)', (_, name) => {
    expect(cookie.read(`${name}=${issued()}`)).toEqual({ kind: 'absent' });
  });

  it('the name twice, even with the same valid value → invalid (ambiguous)', () => {
    const value = issued();
    expect([cookie.read(`bff_session=${value}; bff_session=${value}`), cookie.read(`bff_session=${value}; bff_session=x`)]).toEqual([
      { kind: 'invalid' },
      { kind: 'invalid' },
    ]);
  });

  it('a signature made with another cookie name → invalid', () => {
    const other = createSessionCookie({ name: 'other_session', secrets: [SECRET], secure: false, sameSite: 'Lax' });
    const value = (/^other_session=([^;]*)/.exec(other.issue(cookie.newSessionId(), 2_000_000_000)) ?? [])[1];
    expect(cookie.read(`bff_session=${value}`)).toEqual({ kind: 'invalid' });
  });
});

describe('session cookie: one canonical spelling', () => {
  const value = issued();
  const [id = '', mac = ''] = value.split('.');
  // Characters whose top 4 bits equal the last one's: the same bytes once decoded, spelled otherwise.
  const spareBits = (text: string) => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const last = alphabet.indexOf(text.at(-1) ?? 'A');
    return `${text.slice(0, -1)}${alphabet[last + 1]}`;
  };

  it.each([
    ['a trailing dot', `${value}.`],
    ['.junk after the signature', `${value}.junk`],
    ['"=" padding', `${value}=`],
    ['spare bits set in the signature', `${id}.${spareBits(mac)}`],
    ['spare bits set in the id', `${spareBits(id)}.${mac}`],
    ['double quotes around it', `"${value}"`],
    ['the dot percent-encoded', `${id}%2E${mac}`],
    ['base64 instead of base64url', `${id}.${mac.replace(/-/g, '+').replace(/_/g, '/')}+`],
    ['the id alone', id],
    ['a leading dot', `.${value}`],
    ['a space inside', `${id}. ${mac}`],
  ])('%s → invalid', (_, spelling) => {
    expect(cookie.read(`bff_session=${spelling}`)).toEqual({ kind: 'invalid' });
  });
});

describe('session cookie: several secrets', () => {
  it('a cookie signed with an older secret → valid, with that secret\'s index; new cookies use the first', () => {
    const before = createSessionCookie({ name: 'bff_session', secrets: [OLD_SECRET], secure: false, sameSite: 'Lax' });
    const rotated = createSessionCookie({ name: 'bff_session', secrets: [SECRET, OLD_SECRET], secure: false, sameSite: 'Lax' });
    const id = cookie.newSessionId();
    expect(rotated.read(`bff_session=${issued(id, before)}`)).toEqual({ kind: 'valid', sessionId: id, secretIndex: 1 });
    expect(issued(id, rotated)).toBe(issued(id, cookie));
  });

  it('the old secret removed → the cookie it signed is invalid', () => {
    const before = createSessionCookie({ name: 'bff_session', secrets: [OLD_SECRET], secure: false, sameSite: 'Lax' });
    expect(cookie.read(`bff_session=${issued(undefined, before)}`)).toEqual({ kind: 'invalid' });
  });
});

describe('session cookie: attributes', () => {
  it('over http → HttpOnly, Path=/, SameSite, Expires; no Secure', () => {
    expect(cookie.issue(cookie.newSessionId(), 0)).toMatch(/^bff_session=[\w-]{43}\.[\w-]{43}; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=\/; HttpOnly; SameSite=Lax$/);
  });

  it('over https with the __Host- name → Secure, Path=/, no Domain', () => {
    const secure = createSessionCookie({ name: '__Host-bff_session', secrets: [SECRET], secure: true, sameSite: 'Strict' });
    expect(secure.issue(secure.newSessionId(), 0)).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    expect(secure.clear()).toBe('__Host-bff_session=; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; HttpOnly; Secure; SameSite=Strict');
  });
});
