import http from 'node:http';
import net from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { freePorts, portIsFree, startLauncher, type Launcher } from './support/launcher.js';

// A second `npm start` on ports in use used to print the full banner (its health check reached the
// other stack) and then fail with "Set PORT", a setting npm start does not read. Now the ports are
// checked before anything starts, and the message names the URL setting that moves each one.

const launchers: Launcher[] = [];
const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(launchers.splice(0).map((launcher) => launcher.kill()));
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function occupy(port: number, server: net.Server = net.createServer()): Promise<void> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
}

function start(ports: { app: number; api: number; idp: number }, args: string[] = []): Launcher {
  const launcher = startLauncher({
    APP_BASE_URL: `http://localhost:${ports.app}`, API_BASE_URL: `http://localhost:${ports.api}`, ISSUER_BASE_URL: `http://localhost:${ports.idp}`,
  }, args);
  launchers.push(launcher);
  return launcher;
}

it('the API\'s port in use → exit 1 before anything starts, naming the port, API_BASE_URL and the command that moves it', async () => {
  const [app = 0, api = 0, idp = 0] = await freePorts(3);
  await occupy(api);
  const launcher = start({ app, api, idp });
  expect(await launcher.exited).toBe(1);
  expect(launcher.output().stderr).toBe([
    'Cannot start: a port is not free (is another npm start still running?)',
    `  ${api}  the API (API_BASE_URL=http://localhost:${api}): in use`,
    'Stop what runs there, or move it:',
    `  API_BASE_URL=http://localhost:${api + 100} npm start`,
    '',
  ].join('\n'));
  expect(await Promise.all([portIsFree(app), portIsFree(idp)])).toEqual([true, true]);
});

it('another stack answering /healthz on the app\'s port → refused too: no banner for someone else\'s servers', async () => {
  const [app = 0, api = 0, idp = 0] = await freePorts(3);
  await occupy(app, http.createServer((_req, res) => res.end('{"status":"ok"}')));
  await occupy(idp);
  const launcher = start({ app, api, idp }, ['--dev']);
  expect(await launcher.exited).toBe(1);
  expect([launcher.output().stdout, launcher.output().stderr]).toEqual(['', [
    'Cannot start: ports are not free (is another npm run dev still running?)',
    `  ${idp}  the dev IdP (ISSUER_BASE_URL=http://localhost:${idp}): in use; if your own OpenID provider runs there, set DEV_IDP=false`,
    `  ${app}  the app (BFF) (APP_BASE_URL=http://localhost:${app}): in use`,
    'Stop what runs there, or move them:',
    `  ISSUER_BASE_URL=http://localhost:${idp + 100} APP_BASE_URL=http://localhost:${app + 100} npm run dev`,
    '',
  ].join('\n')]);
});
