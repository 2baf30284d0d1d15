import http from 'node:http';
import net from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { freePorts } from '../start/support/launcher.js';
import { startBffProcess, type BffProcess } from './support/bff-process.js';
import { waitFor } from './support/wait.js';

// An unreachable or misconfigured issuer used to be noticed only at Log in. The BFF now looks at
// the discovery document as it starts — beside start-up, never in front of it — and warns.

const running: BffProcess[] = [];
const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
afterEach(async () => {
  await Promise.all(running.splice(0).map((server) => server.kill()));
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

type Line = { level: number; msg: string; time: string };
const lines = (bff: BffProcess): Line[] => bff.output().stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Line);
const warnings = (bff: BffProcess) => lines(bff).filter((line) => line.level === 40).map((line) => line.msg);

async function startBff(issuer: string): Promise<{ bff: BffProcess; port: number }> {
  const bff = startBffProcess({ ISSUER_BASE_URL: issuer });
  running.push(bff);
  return { bff, port: await bff.reported(/BFF listening on port (\d+)/) };
}

async function serve(handler: http.RequestListener | undefined): Promise<number> {
  const server = handler ? http.createServer(handler) : net.createServer(() => undefined);
  server.on('connection', (socket: net.Socket) => sockets.add(socket));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

it('nothing listens at the issuer → a warning naming ISSUER_BASE_URL and the URL tried; the BFF serves meanwhile', async () => {
  const [closed] = await freePorts(1);
  const issuer = `http://127.0.0.1:${closed}`;
  const { bff, port } = await startBff(issuer);
  expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
  await waitFor(() => warnings(bff).length > 0, 10_000, 'the warning');
  expect(warnings(bff)).toEqual([
    `The OpenID provider did not answer: GET ${issuer}/.well-known/openid-configuration failed (connection refused: nothing listens there). `
    + `Log in fails until it answers: start the provider, or correct ISSUER_BASE_URL (now "${issuer}").`,
  ]);
});

it('an issuer that accepts but never answers → warned after 3 s, and start-up did not wait for it', async () => {
  const issuer = `http://127.0.0.1:${await serve(undefined)}`;
  const { bff, port } = await startBff(issuer);
  const health = await fetch(`http://127.0.0.1:${port}/healthz`);
  await waitFor(() => warnings(bff).length > 0, 15_000, 'the warning');
  const at = (pattern: RegExp) => Date.parse(lines(bff).find((line) => pattern.test(line.msg))?.time ?? '');
  // The BFF listened (and logged it) at least the probe's 3 s before the probe gave up.
  expect([health.status, at(/did not answer/) - at(/BFF listening/) >= 2900, warnings(bff)]).toEqual([200, true, [
    `The OpenID provider did not answer: GET ${issuer}/.well-known/openid-configuration failed (no answer within 3 s). `
    + `Log in fails until it answers: start the provider, or correct ISSUER_BASE_URL (now "${issuer}").`,
  ]]);
});

it('a provider that names itself with a trailing slash → a warning to set ISSUER_BASE_URL to exactly that', async () => {
  const port = await serve((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ issuer: `http://127.0.0.1:${port}/`, authorization_endpoint: `http://127.0.0.1:${port}/authorize` }));
  });
  const issuer = `http://127.0.0.1:${port}`;
  const { bff } = await startBff(issuer);
  await waitFor(() => warnings(bff).length > 0, 10_000, 'the warning');
  expect(warnings(bff)).toEqual([
    `ISSUER_BASE_URL is "${issuer}" but the provider names itself "${issuer}/" (GET ${issuer}/.well-known/openid-configuration): `
    + `set ISSUER_BASE_URL to exactly "${issuer}/"; the issuer is compared character for character, trailing slash included.`,
  ]);
});

it('something that is not an OpenID provider → a warning saying so, with what it answered', async () => {
  const issuer = `http://127.0.0.1:${await serve((_req, res) => res.writeHead(404, 'Not Found').end())}`;
  const { bff } = await startBff(issuer);
  await waitFor(() => warnings(bff).length > 0, 10_000, 'the warning');
  expect(warnings(bff)).toEqual([
    `ISSUER_BASE_URL "${issuer}" does not look like an OpenID provider: GET ${issuer}/.well-known/openid-configuration answered 404 Not Found. `
    + 'Log in fails: set ISSUER_BASE_URL to the provider\'s issuer, under which its /.well-known/openid-configuration lives.',
  ]);
});
