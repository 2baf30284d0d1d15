import { describe, expect, it } from 'vitest';
import { createSessionCrypto } from '../../bff/src/session/session-crypto.js';

const SECRET = 'a-session-secret-of-enough-length-0123456789';

describe('createSessionCrypto', () => {
  const crypto = createSessionCrypto(SECRET).keys(0);
  const id = 'the-session-id-from-the-cookie';
  const key = crypto.storageKey(id);

  it('sealed data → opened with the same session id and storage key', () => {
    expect(crypto.open(id, key, crypto.seal(id, key, '{"a":1}'))).toBe('{"a":1}');
  });

  it('the storage key → neither the session id nor derivable without the secret', () => {
    expect(key).not.toContain(id);
    expect(createSessionCrypto(`${SECRET}x`).keys(0).storageKey(id)).not.toBe(key);
  });

  it('sealed data opened with another session id (the server secret alone) → refused', () => {
    const sealed = crypto.seal(id, key, 'secret tokens');
    expect(() => crypto.open('another-id', key, sealed)).toThrow();
  });

  it('sealed data moved to another row → refused (the storage key is bound)', () => {
    const sealed = crypto.seal(id, key, 'secret tokens');
    expect(() => crypto.open(id, crypto.storageKey('another-id'), sealed)).toThrow();
  });

  it('one flipped byte → refused', () => {
    const sealed = Buffer.from(crypto.seal(id, key, 'secret tokens'), 'base64url');
    sealed.writeUInt8((sealed.at(-1) ?? 0) ^ 1, sealed.length - 1);
    expect(() => crypto.open(id, key, sealed.toString('base64url'))).toThrow();
  });

  it('the same data sealed twice → two different ciphertexts (a fresh IV each time)', () => {
    expect(crypto.seal(id, key, 'x')).not.toBe(crypto.seal(id, key, 'x'));
  });

  it('with the derived-key cache off → the same keys, interchangeable ciphertexts', () => {
    const uncached = createSessionCrypto(SECRET, { cachedSessions: 0 }).keys(0);
    expect(uncached.storageKey(id)).toBe(key);
    expect(uncached.open(id, key, crypto.seal(id, key, 'x'))).toBe('x');
  });

  it('more sessions than the cache holds → still the right keys for all of them', () => {
    const small = createSessionCrypto(SECRET, { cachedSessions: 2 }).keys(0);
    const ids = ['s1', 's2', 's3', 's1'];
    expect(ids.map((s) => small.storageKey(s))).toEqual(ids.map((s) => crypto.storageKey(s)));
  });

  it('several secrets → each its own keys; the first one is number 0', () => {
    const ring = createSessionCrypto([`${SECRET}-new`, SECRET]);
    expect([ring.secretCount, ring.keys(1).storageKey(id), ring.keys(0).storageKey(id) === key]).toEqual([2, key, false]);
    expect(() => ring.keys(2)).toThrow(RangeError);
  });
});
