import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type RequestHandler, Router } from 'express';

/**
 * The built Vue app: hashed assets cached for a year, index.html never cached, and a history-mode
 * fallback for page routes. /api and /auth are mounted before this and end there, so the fallback
 * never answers for them.
 */
export function serveWeb(distDir: string): { assets: RequestHandler; fallback: RequestHandler } {
  const index = join(distDir, 'index.html');
  const assets = Router();
  assets.use(
    '/assets',
    express.static(join(distDir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }),
  );
  assets.use(express.static(distDir, { index: false, maxAge: '1h' }));

  const fallback: RequestHandler = function historyFallback(req, res, next) {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.accepts('html')) return next();
    if (!existsSync(index)) {
      res.status(503).type('text').send('The web app is not built: run `npm run build:web` (npm start does it for you).');
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  };
  return { assets, fallback };
}
