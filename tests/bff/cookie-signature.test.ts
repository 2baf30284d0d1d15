import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createCookieSigner, readCookie } from '../../bff/src/session/cookie-signature.js';

const SECRET = 'a-session-secret-of-enough-length-0123456789';
// express-openid-connect's own signer: the fast path must accept exactly the cookies it issues.
const eocCrypto = createRequire(import.meta.url)('express-openid-connect/lib/crypto.js') as {
  signCookieSync(name: string, value: string, key: Uint8Array): string;
  signing(secret: string): Uint8Array;
};

describe('createCookieSigner', () => {
  const signer = createCookieSigner(SECRET, 'bff_session');

  it('a cookie signed by express-openid-connect → its session id', () => {
    const cookie = eocCrypto.signCookieSync('bff_session', 'the-session-id', eocCrypto.signing(SECRET));
    expect(signer.verify(cookie)).toBe('the-session-id');
  });

  it('our signature → the same as express-openid-connect’s', () => {
    expect(signer.sign('abc')).toBe(eocCrypto.signCookieSync('bff_session', 'abc', eocCrypto.signing(SECRET)));
  });

  it('the same signature in a non-canonical base64url spelling → refused', () => {
    const [id, signature = ''] = signer.sign('abc').split('.');
    const last = signature.at(-1) === 'A' ? 'B' : 'A';
    expect(signer.verify(`${id}.${signature.slice(0, -1)}${last}`)).toBeUndefined();
  });

  it('a cookie signed for another cookie name or secret → refused', () => {
    expect(createCookieSigner(SECRET, 'other').verify(signer.sign('abc'))).toBeUndefined();
    expect(createCookieSigner(`${SECRET}x`, 'bff_session').verify(signer.sign('abc'))).toBeUndefined();
  });

  it.each(['', 'abc', '.sig', 'abc.', 'a.b.c'])('malformed value %j → refused', (value) => {
    expect(signer.verify(value)).toBeUndefined();
  });
});

describe('readCookie', () => {
  it('several cookies → the named one, URL-decoded', () => {
    expect(readCookie('a=1; bff_session=x%2Ey; b=2', 'bff_session')).toBe('x.y');
  });

  it('a name that only ends like ours → not ours', () => {
    expect(readCookie('xbff_session=1', 'bff_session')).toBeUndefined();
  });

  it('broken percent-encoding → no cookie, no exception', () => {
    expect(readCookie('bff_session=%E0%A4%A', 'bff_session')).toBeUndefined();
  });
});
