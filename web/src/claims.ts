// Turns the user's claims into label/value rows for the profile page. Import-free, like api.ts,
// so tests/web can load it in Node.

export type ClaimRow = { name: string; value: string };

// OIDC claims that are seconds since the epoch (OIDC Core 5.1 and 2): shown as dates too.
const TIME_CLAIMS = new Set(['auth_time', 'iat', 'exp', 'nbf', 'updated_at']);

// The BFF never sends a token; if a future change did, the page still would not display it.
const TOKEN_LIKE = /token/i;

export function claimRows(user: Record<string, unknown>): ClaimRow[] {
  return Object.keys(user)
    .filter((name) => !TOKEN_LIKE.test(name))
    .sort()
    .map((name) => ({ name, value: formatClaim(name, user[name]) }));
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
