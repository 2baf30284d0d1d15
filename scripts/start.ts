// `npm start` / `npm run dev`: the development IdP, the API and the BFF as three processes, with
// development secrets from idp/src/dev-defaults.ts (the IdP only when the issuer is local). Ctrl-C stops all.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEV_CLIENT_SECRET, DEV_SESSION_SECRET } from '../idp/src/dev-defaults.js';
import { USERS } from '../idp/src/users.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const dev = process.argv.includes('--dev');
const authConfig = JSON.parse(readFileSync(process.env.AUTH_CONFIG ?? `${ROOT}auth_config.json`, 'utf8')) as Record<string, string>;
const urls = {
  idp: process.env.ISSUER_BASE_URL ?? authConfig.issuerBaseURL ?? (authConfig.domain ? `https://${authConfig.domain}` : 'http://localhost:4000'),
  api: process.env.API_BASE_URL ?? authConfig.apiBaseURL ?? 'http://localhost:3001',
  app: process.env.APP_BASE_URL ?? authConfig.appBaseURL ?? 'http://localhost:3000',
};
if (process.env.NODE_ENV === 'production') {
  console.error('npm start runs the development IdP and refuses NODE_ENV=production: deploy with docker compose (see README, Deploy).');
  process.exit(1);
}

const shared = {
  ...process.env,
  CLIENT_SECRET: process.env.CLIENT_SECRET ?? DEV_CLIENT_SECRET,
  SESSION_SECRET: process.env.SESSION_SECRET ?? DEV_SESSION_SECRET,
  FORCE_COLOR: '1',
};
// The development IdP runs only when the issuer is on this machine; with Auth0 it is not needed.
const localIssuer = ['localhost', '127.0.0.1'].includes(new URL(urls.idp).hostname);
if (!localIssuer && (!process.env.CLIENT_SECRET || !process.env.SESSION_SECRET)) {
  console.error(`The issuer ${urls.idp} is not the development IdP: set CLIENT_SECRET (from your provider) and SESSION_SECRET (openssl rand -base64 48).`);
  process.exit(1);
}
const services = [
  ...(localIssuer ? [{ name: 'idp', file: 'idp/src/server.ts', url: urls.idp, env: {} }] : []),
  { name: 'api', file: 'api/src/server.ts', url: urls.api, env: {} },
  { name: 'bff', file: 'bff/src/server.ts', url: urls.app, env: dev ? { WEB_DEV: '1' } : {} },
];

const children: ChildProcess[] = [];
let stopping = false;
for (const service of services) {
  const port = new URL(service.url).port || '80';
  const child = spawn(process.execPath, ['--import', 'tsx', service.file], {
    cwd: ROOT,
    env: { ...shared, PORT: port, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...service.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (line: string) => (line ? `[${service.name}] ${line}\n` : '');
  child.stdout?.on('data', (chunk: Buffer) => process.stdout.write(chunk.toString().split('\n').map(prefix).join('')));
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk.toString().split('\n').map(prefix).join('')));
  child.on('exit', (code) => {
    if (!stopping) {
      console.error(`[${service.name}] stopped (exit ${code}); stopping the others.`);
      stop(code ?? 1);
    }
  });
  children.push(child);
}

function stop(code = 0) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 12_000).unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.on('exit', r)) : null))).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function waitHealthy(url: string) {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url}/healthz did not answer within 30 s`);
}

await Promise.all(services.map((s) => waitHealthy(s.url)));
const demo = USERS[0];
console.log(`
  App          ${urls.app}${dev ? '   (Vite hot reload)' : ''}
  API          ${urls.api}
  ${localIssuer ? `Dev IdP      ${urls.idp}\n  Demo login   ${demo?.email} / ${demo?.password}` : `Issuer       ${urls.idp}`}

  Ctrl-C stops them all.
`);
