import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import express, { type RequestHandler, Router } from 'express';

/**
 * The built Vue app: hashed assets cached for a year, index.html never cached, and a history-mode
 * fallback for page routes. /api and /auth are mounted before the fallback and end there, so it
 * never answers for them. The top-level files (favicon…) are listed once at start-up: a catch-all
 * static handler would stat the disk for every /api request.
 */
export function serveWeb(distDir: string): { assets: RequestHandler; fallback: RequestHandler } {
  const index = join(distDir, 'index.html');
  const assets = Router();
  assets.use(
    '/assets',
    express.static(join(distDir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }),
  );
  const topLevelFiles = existsSync(distDir)
    ? readdirSync(distDir, { withFileTypes: true }).filter((e) => e.isFile() && e.name !== 'index.html').map((e) => e.name)
    : [];
  for (const name of topLevelFiles) {
    assets.get(`/${name}`, (_req, res) => res.sendFile(join(distDir, name), { maxAge: '1h' }));
  }

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
