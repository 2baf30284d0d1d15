import type { RequestHandler } from 'express';

/**
 * express-openid-connect also reads a session split over `<name>.0`, `<name>.1`… cookies (its
 * cookie-store mode), and on that path it skips the signature check: a bare session id would
 * pass. This BFF never issues chunks, so they are removed before it looks.
 */
export function dropChunkedSessionCookies(cookieName: string): RequestHandler {
  const marker = `${cookieName}.`;
  const chunk = new RegExp(`^\\s*${cookieName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.\\d+=`);
  return function dropChunks(req, _res, next) {
    const header = req.headers.cookie;
    if (header?.includes(marker)) {
      req.headers.cookie = header.split(';').filter((part) => !chunk.test(part)).join(';');
    }
    next();
  };
}
