import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBff, type Bff } from '../../bff/src/app.js';
import { serveWeb } from '../../bff/src/web/serve-web.js';
import { bffConfigFor } from '../helpers/stack.js';
import { freePorts } from '../start/support/launcher.js';

// "The identity provider cannot be reached" used to be an unstyled page. It now looks like the app:
// its header, its colours from a stylesheet of the built app (the CSP allows no inline style), and
// a way forward.

// Vite copies web/public into the build as it is: the BFF serves these files at the root.
const WEB_PUBLIC = fileURLToPath(new URL('../../web/public', import.meta.url));
const readWeb = (path: string) => readFileSync(fileURLToPath(new URL(`../../web/${path}`, import.meta.url)), 'utf8');

let bff: Bff;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'error-page-'));
  const [idp = 0, api = 0] = await freePorts(2);
  bff = await createBff(bffConfigFor('http://127.0.0.1:3000', `http://127.0.0.1:${idp}`, `http://127.0.0.1:${api}`, {}, dataDir), { web: serveWeb(WEB_PUBLIC) });
});
afterAll(async () => {
  await bff.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the provider-unavailable page', () => {
  it('/auth/login with the IdP down → 503 in the app\'s look: its stylesheet, its header, the message, Try again', async () => {
    const page = await request(bff.app).get('/auth/login?returnTo=%2Fprofile').set('accept', 'text/html');
    expect(page.status).toBe(503);
    expect([
      page.text.includes('<link rel="stylesheet" href="/error-page.css">'),
      page.text.includes('<header class="site-header"><nav class="nav" aria-label="Main"><a class="nav-brand" href="/">BFF demo</a></nav></header>'),
      page.text.includes('<p>The identity provider cannot be reached: try again shortly</p>'),
      page.text.includes('<a class="button" href="/auth/login?returnTo=%2Fprofile">Try again</a><a class="button button-secondary" href="/">Back to the app</a>'),
    ]).toEqual([true, true, true, true]);
  });

  it('the page → no inline style, under a CSP that would refuse one', async () => {
    const page = await request(bff.app).get('/auth/login').set('accept', 'text/html');
    const csp = page.headers['content-security-policy'] ?? '';
    expect([/<style|\sstyle=/i.test(page.text), /style-src 'self'(;|$)/.test(csp)]).toEqual([false, true]);
  });

  it('/error-page.css → served from the built app as a stylesheet', async () => {
    const css = await request(bff.app).get('/error-page.css');
    expect([css.status, css.headers['content-type']]).toEqual([200, 'text/css; charset=utf-8']);
  });

  it('every colour and measure the page\'s stylesheet sets → the value the app\'s stylesheet sets', () => {
    const tokens = (css: string) => [...css.matchAll(/(--[a-z-]+):\s*([^;]+);/g)].map(([, name, value]) => `${name}: ${value}`);
    const app = new Set(tokens(readWeb('src/assets/main.css')));
    expect(tokens(readWeb('public/error-page.css')).filter((token) => !app.has(token))).toEqual([]);
  });
});
