// Turns the user's claims into rows for the profile page. Import-free, like api.ts, so tests/web
// can load it in Node.

export type ClaimRow =
  | { name: string; kind: 'text'; value: string }
  // Too long to show whole by default: the preview is shown, the full value on request.
  | { name: string; kind: 'long'; value: string; preview: string }
  // A data: URI (the dev IdP's `picture` is a 400-character one): never shown as text. An image
  // is shown as one; its type and size say what it is.
  | { name: string; kind: 'embedded'; mediaType: string; length: number; image: string | undefined };

// OIDC claims that are seconds since the epoch (OIDC Core 5.1 and 2): shown as dates too.
const TIME_CLAIMS = new Set(['auth_time', 'iat', 'exp', 'nbf', 'updated_at']);

// The BFF never sends a token; if a future change did, the page still would not display it.
const TOKEN_LIKE = /token/i;

// Longer values get a preview and a "Show all" control: a claims list stays scannable on a phone.
export const LONG_CLAIM_LENGTH = 64;
export const PREVIEW_LENGTH = 40;

export function isTokenLike(name: string): boolean {
  return TOKEN_LIKE.test(name);
}

export function claimRows(user: Record<string, unknown>): ClaimRow[] {
  return Object.keys(user)
    .filter((name) => !isTokenLike(name))
    .sort()
    .map((name) => claimRow(name, user[name]));
}

export function claimRow(name: string, value: unknown): ClaimRow {
  if (typeof value === 'string' && isDataUri(value)) {
    const mediaType = dataUriMediaType(value);
    return { name, kind: 'embedded', mediaType, length: value.length, image: mediaType.startsWith('image/') ? value : undefined };
  }
  const text = formatClaim(name, value);
  if ([...text].length > LONG_CLAIM_LENGTH) return { name, kind: 'long', value: text, preview: shorten(text, PREVIEW_LENGTH) };
  return { name, kind: 'text', value: text };
}

export function formatClaim(name: string, value: unknown): string {
  if (typeof value === 'number' && TIME_CLAIMS.has(name)) return `${formatTime(value)} (${value})`;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join(', ');
  // Structured claims (address, …) are rare; compact JSON is the honest way to show them.
  return JSON.stringify(value);
}

/** The first `length` characters (whole code points), ending in "…". */
export function shorten(text: string, length: number): string {
  const characters = [...text];
  if (characters.length <= length) return text;
  return `${characters.slice(0, length - 1).join('').trimEnd()}…`;
}

export function isDataUri(value: string): boolean {
  return /^data:/i.test(value);
}

/** RFC 2397: `data:[<mediatype>][;base64],<data>`; no media type means text/plain. */
export function dataUriMediaType(value: string): string {
  const type = /^data:([^;,]*)/i.exec(value)?.[1]?.trim().toLowerCase();
  return type ? type : 'text/plain';
}

export function formatTime(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function initials(name: string): string {
  const letters = name
    .split(/[\s@._-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '');
  return letters.join('') || '?';
}

// The page's CSP allows images from 'self' and data: only; a picture elsewhere would be blocked
// (and logged as a violation), so the initials are shown instead.
export function displayablePicture(picture: unknown, origin: string): string | undefined {
  if (typeof picture !== 'string' || picture === '') return undefined;
  if (picture.startsWith('data:image/')) return picture;
  try {
    return new URL(picture, origin).origin === origin ? picture : undefined;
  } catch {
    return undefined;
  }
}
