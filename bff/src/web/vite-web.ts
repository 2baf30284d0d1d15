import { readFile } from 'node:fs/promises';
import type http from 'node:http';
import { fileURLToPath } from 'node:url';
import type { RequestHandler } from 'express';

const WEB_ROOT = fileURLToPath(new URL('../../../web/', import.meta.url));

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
    server: { middlewareMode: true, hmr: { server } },
  });
  const fallback: RequestHandler = async function viteIndex(req, res, next) {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !req.accepts('html')) return next();
    const html = await vite.transformIndexHtml(req.originalUrl, await readFile(`${WEB_ROOT}index.html`, 'utf8'));
    res.type('html').send(html);
  };
  return { assets: vite.middlewares as unknown as RequestHandler, fallback };
}
