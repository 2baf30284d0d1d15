const MAX_LENGTH = 2048;

/**
 * Where to land after login: only a same-origin relative path. Anything that a browser could read
 * as another origin (`//host`, `/\host`, a scheme, control or encoded variants) falls back to `/`.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return '/';
  // Browsers strip tabs and newlines from URLs and treat "\" like "/": judge what they would see.
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  if (!value.startsWith('/') || value.startsWith('//')) return '/';
  let decoded = value;
  try {
    // Twice: a double-encoded "%252F%252F" must not survive a later decode either.
    decoded = decodeURIComponent(decodeURIComponent(value));
  } catch {
    return '/';
  }
  if (decoded.startsWith('//') || /[\u0000-\u001f\u007f\\]/.test(decoded)) return '/';
  const base = 'http://bff.invalid';
  const resolved = new URL(value, base);
  if (resolved.origin !== base) return '/';
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}
