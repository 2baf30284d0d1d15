import { describe, expect, it } from 'vitest';
import { claimRows, displayablePicture, initials } from '../../web/src/claims.js';

describe('claimRows', () => {
  it('claims → sorted name/value rows', () => {
    expect(claimRows({ sub: 'alice', email_verified: true, name: 'Alice Liddell' })).toEqual([
      { name: 'email_verified', value: 'true' },
      { name: 'name', value: 'Alice Liddell' },
      { name: 'sub', value: 'alice' },
    ]);
  });

  it('a token-like field → never displayed', () => {
    expect(claimRows({ sub: 'a', access_token: 'x', id_token: 'y' }).map((row) => row.name)).toEqual(['sub']);
  });

  it('a time claim → a date with the raw seconds', () => {
    expect(claimRows({ auth_time: 0 })[0]?.value).toMatch(/\(0\)$/);
  });
});

describe('displayablePicture', () => {
  const origin = 'http://localhost:3000';

  it('a picture on another origin → none (the CSP would block it)', () => {
    expect(displayablePicture('https://cdn.example.com/a.png', origin)).toBeUndefined();
  });

  it('a same-origin or data: image → kept', () => {
    expect(displayablePicture('/avatars/a.png', origin)).toBe('/avatars/a.png');
    expect(displayablePicture('data:image/png;base64,AAAA', origin)).toBe('data:image/png;base64,AAAA');
  });
});

describe('initials', () => {
  it('a full name → two capitals', () => {
    expect(initials('alice liddell')).toBe('AL');
  });
});
