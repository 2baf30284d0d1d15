import type { ServerResponse } from 'node:http';

export type ApiHeaders = Readonly<{
  /** Name/value pairs, flat, to put in front of a proxied answer's own headers (one writeHead). */
  pairs: readonly string[];
  /** Sets them on a response the error handler will write (a refusal, a 502…). */
  apply(res: ServerResponse): void;
}>;

/**
 * /api answers are JSON for this origin's scripts: a short fixed header set instead of the app's
 * full helmet policy (half the header bytes on the hot path). nosniff and a `default-src 'none'`
 * CSP keep a JSON body from ever being run or rendered as a page; Cross-Origin-Resource-Policy keeps
 * other sites from loading it as a no-cors subresource; no-store keeps it out of every cache. Every
 * /api answer carries them: the proxy writes them with the API's headers in one writeHead, the
 * error path sets them before the error handler answers.
 */
export function apiHeaders(options: { secure: boolean }): ApiHeaders {
  const headers: [string, string][] = [
    ['x-content-type-options', 'nosniff'],
    ['content-security-policy', "default-src 'none'; frame-ancestors 'none'"],
    ['cross-origin-resource-policy', 'same-origin'],
    ['referrer-policy', 'no-referrer'],
    ['cache-control', 'no-store'],
  ];
  if (options.secure) headers.push(['strict-transport-security', 'max-age=31536000; includeSubDomains']);
  return Object.freeze({
    pairs: Object.freeze(headers.flat()),
    apply(res: ServerResponse) {
      if (!res.headersSent) for (const [name, value] of headers) res.setHeader(name, value);
    },
  });
}
