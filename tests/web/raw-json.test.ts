import { describe, expect, it } from 'vitest';
import { rawJson } from '../../web/src/raw-json.js';

describe('rawJson', () => {
  it('an /auth/user answer → indented JSON with every field', () => {
    const body = { user: { sub: 'user-alice', name: 'Alice Liddell' }, scopes: ['read:messages'], logoutUrl: '/auth/logout?sid=x' };
    expect(JSON.parse(rawJson(body))).toEqual(body);
    expect(rawJson(body)).toContain('\n  "user": {\n    "sub": "user-alice"');
  });

  it('a field whose name contains "token", at any depth → left out', () => {
    const body = { access_token: 'a', user: { sub: 's', id_token: 'b', nested: [{ refresh_token: 'c', kept: 1 }] }, tokenType: 'x' };
    expect(JSON.parse(rawJson(body))).toEqual({ user: { sub: 's', nested: [{ kept: 1 }] } });
  });

  it('a data: URI → its media type and length, not its content', () => {
    const picture = `data:image/svg+xml;base64,${'A'.repeat(400)}`;
    const text = rawJson({ user: { picture } });
    expect(text).not.toContain('AAAA');
    expect(JSON.parse(text)).toEqual({ user: { picture: `data:image/svg+xml,… (${picture.length} characters, not shown)` } });
  });

  it('an array of strings → kept as it is (indices are not field names)', () => {
    expect(JSON.parse(rawJson({ messages: ['a', 'b'] }))).toEqual({ messages: ['a', 'b'] });
  });

  it('no body (204) → "(no content)"', () => {
    expect(rawJson(undefined)).toBe('(no content)');
  });
});
