import { existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBffProcess, type BffProcess } from '../ops/support/bff-process.js';
import { sendRaw } from '../ops/support/raw-http.js';

// `npm run dev` (the BFF with WEB_DEV=1, Vite inside it) used to answer /@fs/<any file of the
// repository>: the dev IdP's signing key and grants in data/idp, the session database. Vite may now
// serve web/ only, and dot-paths are refused before it.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DATA = `${ROOT}data/`;
const PROBE = `${DATA}vite-fs-probe-${process.pid}.txt`;
const SECRET = 'probe-secret-that-must-not-leak';

let bff: BffProcess;
let base: string;
let port: number;
let createdData = false;

beforeAll(async () => {
  createdData = !existsSync(DATA);
  mkdirSync(DATA, { recursive: true });
  writeFileSync(PROBE, SECRET);
  bff = startBffProcess({ WEB_DEV: '1' });
  port = await bff.reported(/BFF listening on port (\d+)/, 90_000);
  base = `http://127.0.0.1:${port}`;
}, 120_000);
afterAll(async () => {
  await bff.kill();
  rmSync(PROBE, { force: true });
  if (createdData && readdirSync(DATA).length === 0) rmdirSync(DATA);
});

const get = (path: string, accept = '*/*') => fetch(`${base}${path}`, { headers: { accept } });

describe('npm run dev: what Vite serves', () => {
  it.each([
    ['the dev IdP\'s data folder', `/@fs${DATA}vite-fs-probe-${process.pid}.txt`],
    ['the repository\'s package.json', `/@fs${ROOT}package.json`],
    ['a file outside web/ as ?raw', `/@fs${ROOT}auth_config.json?raw`],
    ['a file outside web/ as a module', `/@fs${ROOT}idp/src/dev-defaults.ts?import`],
  ])('%s through /@fs/ → 403, nothing of the file', async (_what, path) => {
    const response = await get(path);
    const body = await response.text();
    expect([response.status, body.includes(SECRET), body.includes('"workspaces"'), body.includes('DEV_CLIENT_SECRET')]).toEqual([403, false, false, false]);
  });

  it.each(['/.env', '/.env.example', '/.git/config', '/src/.hidden', `/@fs${ROOT}.env.example`])('%s → 404 before Vite, not a file and not the app', async (path) => {
    const response = await get(path);
    expect([response.status, response.headers.get('content-type')]).toEqual([404, 'application/json; charset=utf-8']);
  });

  it('/@fs/ with ".." out of web/, sent as written → refused', async () => {
    const response = await sendRaw(port, `GET /@fs${ROOT}web/../package.json HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    expect(response.status).toBe(404);
  });

  it('the app → still loads: the page, Vite\'s client, the entry module and the dependencies it imports', async () => {
    const page = await (await get('/', 'text/html')).text();
    const entry = await get('/src/main.ts');
    const code = await entry.text();
    const vue = /from "(\/node_modules\/\.vite\/deps\/vue\.js\?v=\w+)"/.exec(code)?.[1] ?? '/missing';
    const statuses = await Promise.all([get('/@vite/client'), get(vue)].map(async (response) => (await response).status));
    expect([page.includes('/@vite/client'), page.includes('/src/main.ts'), entry.status, ...statuses]).toEqual([true, true, 200, 200, 200]);
  });
});
