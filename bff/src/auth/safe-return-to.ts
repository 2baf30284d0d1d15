const MAX_LENGTH = 2048;
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\\]/;

/**
 * Where to land after login: an absolute URL on the app's own origin, built from a same-origin
 * relative path; anything else is the app's root. Judged twice: the raw value (browsers strip tabs
 * and newlines and read "\" as "/", so such input is refused outright), and what will be sent —
 * after `new URL()` has resolved dot segments (`/..//host`) and encoded dots, the result must
 * still be on the app's origin with a path that no browser could read as another host.
 */
export function safeReturnTo(value: unknown, appBaseUrl: string): string {
  const home = `${new URL(appBaseUrl).origin}/`;
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_LENGTH) return home;
  if (UNSAFE_CHARACTERS.test(value) || !value.startsWith('/') || value.startsWith('//')) return home;
  let decoded: string;
  try {
    // Twice: a double-encoded "%252F%252F" must not survive a later decode either.
    decoded = decodeURIComponent(decodeURIComponent(value));
  } catch {
    return home;
  }
  if (decoded.startsWith('//') || UNSAFE_CHARACTERS.test(decoded)) return home;
  const target = new URL(value, home);
  const path = target.pathname;
  if (target.origin !== new URL(home).origin || path.startsWith('//') || path.startsWith('/\\') || UNSAFE_CHARACTERS.test(path)) return home;
  return target.href;
}
