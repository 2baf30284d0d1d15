import { describe, expect, it } from 'vitest';
import { claimRow, claimRows, displayablePicture, initials, LONG_CLAIM_LENGTH, shorten } from '../../web/src/claims.js';

// The dev IdP's picture claim: an SVG avatar as a base64 data: URI of about 400 characters.
const SVG_PICTURE = `data:image/svg+xml;base64,${Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg">${'<rect/>'.repeat(40)}</svg>`).toString('base64')}`;

describe('claimRows', () => {
  it('claims → sorted name/value rows', () => {
    expect(claimRows({ sub: 'alice', email_verified: true, name: 'Alice Liddell' })).toEqual([
      { name: 'email_verified', kind: 'text', value: 'true' },
      { name: 'name', kind: 'text', value: 'Alice Liddell' },
      { name: 'sub', kind: 'text', value: 'alice' },
    ]);
  });

  it('a token-like field → never displayed', () => {
    expect(claimRows({ sub: 'a', access_token: 'x', id_token: 'y' }).map((row) => row.name)).toEqual(['sub']);
  });

  it('a time claim → a date with the raw seconds', () => {
    expect(claimRow('auth_time', 0)).toMatchObject({ kind: 'text', value: expect.stringMatching(/\(0\)$/) });
  });

  it('a picture as a data: URI → an embedded image (type and size), never its text', () => {
    const row = claimRow('picture', SVG_PICTURE);
    expect(row).toEqual({ name: 'picture', kind: 'embedded', mediaType: 'image/svg+xml', length: SVG_PICTURE.length, image: SVG_PICTURE });
    expect(JSON.stringify({ ...row, image: undefined })).not.toContain('data:');
  });

  it('a data: URI that is not an image → described, no image, no text', () => {
    expect(claimRow('note', 'data:text/html,<b>hi</b>')).toEqual({ name: 'note', kind: 'embedded', mediaType: 'text/html', length: 24, image: undefined });
    expect(claimRow('note', 'data:,plain')).toMatchObject({ kind: 'embedded', mediaType: 'text/plain', image: undefined });
  });

  it(`a value longer than ${LONG_CLAIM_LENGTH} characters → a 40-character preview ending in "…", the full value kept`, () => {
    const website = `https://example.com/${'a'.repeat(80)}`;
    const row = claimRow('website', website);
    expect(row).toMatchObject({ kind: 'long', value: website });
    const preview = row.kind === 'long' ? row.preview : '';
    expect([...preview]).toHaveLength(40);
    expect(preview.endsWith('…')).toBe(true);
    expect(website.startsWith(preview.slice(0, -1))).toBe(true);
  });

  it(`a value of exactly ${LONG_CLAIM_LENGTH} characters → shown whole`, () => {
    expect(claimRow('nickname', 'x'.repeat(LONG_CLAIM_LENGTH))).toMatchObject({ kind: 'text' });
  });

  it('a long structured claim → compact JSON, shortened the same way', () => {
    const address = { street_address: '1 Rabbit Hole Lane, Apartment 42', locality: 'Oxford', country: 'United Kingdom' };
    expect(claimRow('address', address)).toMatchObject({ kind: 'long', value: JSON.stringify(address) });
  });
});

describe('shorten', () => {
  it('emoji and other astral characters → never cut in half', () => {
    expect(shorten('😀'.repeat(10), 5)).toBe('😀😀😀😀…');
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
