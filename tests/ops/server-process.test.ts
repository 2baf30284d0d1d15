import { afterEach, expect, it } from 'vitest';
import { startBffProcess, type BffProcess } from './support/bff-process.js';

// bff/src/server.ts as a process: JSON logs on stdout, metrics on their own port, SIGTERM ends it cleanly.

const running: BffProcess[] = [];
function startServer(env: Record<string, string>): BffProcess {
  const server = startBffProcess(env);
  running.push(server);
  return server;
}

afterEach(async () => {
  for (const server of running.splice(0)) await server.kill();
});

it('SIGTERM → logs the shutdown as JSON and exits 0', async () => {
  const server = startServer({});
  await server.reported(/BFF listening on port (\d+)/);
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  const lines = server.output().stdout.trim().split('\n').map((line) => JSON.parse(line) as { msg: string; service: string });
  expect(lines.map((line) => line.msg)).toEqual(expect.arrayContaining(['shutting down: finishing in-flight requests', 'stopped']));
  expect(lines.every((line) => line.service === 'bff')).toBe(true);
});

it('METRICS_PORT set → Prometheus text on that port, nothing on the app port', async () => {
  const server = startServer({ METRICS_PORT: '0' });
  const appPort = await server.reported(/BFF listening on port (\d+)/);
  const metricsPort = await server.reported(/metrics on port (\d+)/);
  const scrape = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
  expect(scrape.status).toBe(200);
  expect(await scrape.text()).toContain('bff_http_requests_total');
  const onApp = await fetch(`http://127.0.0.1:${appPort}/metrics`, { headers: { accept: 'application/json' } });
  expect(onApp.status).toBe(404);
});

it('LOG_LEVEL=loud → exit code 1, the error names LOG_LEVEL and its choices', async () => {
  const server = startServer({ LOG_LEVEL: 'loud' });
  expect(await server.exited).toBe(1);
  expect(server.output().stderr).toContain('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"');
});

it('LOG_FORMAT=pretty (development) → human-readable lines instead of JSON', async () => {
  const server = startServer({ LOG_FORMAT: 'pretty' });
  await server.reported(/BFF listening on port (\d+)/);
  const first = server.output().stdout.split('\n')[0] ?? '';
  expect(first).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: BFF listening on port \d+/);
});
