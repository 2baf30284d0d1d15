// The raw JSON a page received, for the "Raw response" disclosures (as the Auth0 sample shows
// them). Imports only claims.ts, with the extension Node needs, so tests/web can load it in Node.
import { dataUriMediaType, isDataUri, isTokenLike } from './claims.js';

/**
 * Pretty-printed JSON of `value`, minus any field whose name contains "token" at any depth (the
 * BFF sends none; should a change ever add one, the page still would not print it), with data:
 * URIs cut to their header: the profile shows the picture, a 400-character dump helps nobody.
 */
export function rawJson(value: unknown): string {
  if (value === undefined) return '(no content)';
  return JSON.stringify(value, replacer, 2) ?? '(no content)';
}

function replacer(this: unknown, key: string, value: unknown): unknown {
  // Array indices arrive as keys too ("0", "1"): only object field names can be token-like.
  if (!Array.isArray(this) && isTokenLike(key)) return undefined;
  if (typeof value === 'string' && isDataUri(value)) {
    return `data:${dataUriMediaType(value)},… (${value.length} characters, not shown)`;
  }
  return value;
}
