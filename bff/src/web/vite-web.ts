import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import { fileURLToPath } from 'node:url';
import { Router, type RequestHandler } from 'express';
import { HttpError } from '../http-error.js';

const WEB_ROOT = fileURLToPath(new URL('../../../web/', import.meta.url));
// Vite's pre-bundled dependencies live in a dot-folder under web/ and are the one dot-path it serves.
const VITE_DEPS = '/node_modules/.vite/';

/**
 * A path with a segment that starts with a dot (/.env, /src/.secret, /@fs/…/../…) is never part of
 * the app: refused before Vite, which would answer some from web/ and the rest with index.html.
 * Vite's own file checks (web/vite.config.ts server.fs) keep /@fs/ to web/; this is the first line.
 */
const refuseDotPaths: RequestHandler = function refuseDotPaths(req, _res, next) {
  let path: string;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    return next(new HttpError(400, 'bad_request', 'The request is malformed'));
  }
  if (!path.startsWith(VITE_DEPS) && path.split(/[/\\]/).some((segment) => segment.startsWith('.'))) {
    return next(new HttpError(404, 'not_found', 'Not found'));
  }
  next();
};

/**
 * `npm run dev`: Vite's dev server inside the BFF, so the app, /auth and /api share one origin
 * and the session cookie works as in production. Loaded only in development (vite is a dev dependency).
 */
export async function viteWeb(server: http.Server): Promise<{ assets: RequestHandler; fallback: RequestHandler }> {
  const { createServer } = await import('vite');
  const vite = await createServer({
    root: WEB_ROOT,
    configFile: `${WEB_ROOT}vite.config.ts`,
    appType: 'custom',
    // Hot reload over the BFF's own server and port: one origin for the app, /auth, /api and HMR.
    server: { middlewareMode: true, ws: { server } },
  });
  const fallback: RequestHandler = async function viteIndex(req, res, next) {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.accepts('html')) return next();
    const html = await vite.transformIndexHtml(req.originalUrl, await readFile(`${WEB_ROOT}index.html`, 'utf8'));
    res.type('html').send(html);
  };
  const assets = Router();
  assets.use(refuseDotPaths, vite.middlewares as unknown as RequestHandler);
  return { assets, fallback };
}
