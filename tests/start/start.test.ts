import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTo, freePorts, networkAddress, portIsFree, startLauncher, type Launcher } from './support/launcher.js';

// `npm start` on ports the test chose: all three services, the banner, the logs a developer reads,
// and Ctrl-C. (The launcher is scripts/start.ts; `npm start` builds the web app first.)

describe('npm start on free ports', () => {
  let launcher: Launcher;
  let app: number;
  let api: number;
  let idp: number;

  beforeAll(async () => {
    [app = 0, api = 0, idp = 0] = await freePorts(3);
    launcher = startLauncher({
      APP_BASE_URL: `http://localhost:${app}`, API_BASE_URL: `http://localhost:${api}`, ISSUER_BASE_URL: `http://localhost:${idp}`, LOG_LEVEL: 'info',
    });
    await launcher.printed(/Ctrl-C stops them all/);
  }, 120_000);
  afterAll(() => launcher.kill());

  it('every service answers → the banner names the app, the API, the dev IdP, the demo login and the loopback binding', () => {
    expect(launcher.output().stdout).toContain([
      '',
      `  App          http://localhost:${app}`,
      `  API          http://localhost:${api}`,
      `  Dev IdP      http://localhost:${idp}`,
      '  Demo login   alice@example.com / alice-demo-password',
      '  Listening    127.0.0.1 only (LISTEN_HOST=0.0.0.0 opens the services to your network)',
      '',
      '  Ctrl-C stops them all.',
    ].join('\n'));
  });

  it('each service → bound to 127.0.0.1: this machine\'s network address is refused', async (context) => {
    const address = networkAddress();
    if (!address) context.skip('this machine has no non-loopback IPv4 address to try');
    const answers = await Promise.all([app, api, idp].map((port) => connectTo(address ?? '', port)));
    expect(answers).toEqual(['ECONNREFUSED', 'ECONNREFUSED', 'ECONNREFUSED']);
  });

  it('the logs → one readable line per event behind one [service] prefix, no JSON, no doubled prefix', () => {
    const lines = launcher.output().stdout.split('\n').filter((line) => line.startsWith('['));
    expect({
      json: lines.filter((line) => /^\[\w+\] \{/.test(line)),
      doubled: lines.filter((line) => /^\[\w+\] \[(idp|api|bff)\]/.test(line)),
      started: ['idp', 'api', 'bff'].map((name) => lines.some((line) => new RegExp(`^\\[${name}\\] \\[\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\] INFO: `).test(line))),
    }).toEqual({ json: [], doubled: [], started: [true, true, true] });
    expect(lines.filter((line) => line.includes('API listening'))).toEqual([
      expect.stringMatching(new RegExp(`^\\[api\\] \\[[\\d:.]+\\] INFO: API listening on http://127\\.0\\.0\\.1:${api} \\(issuer http://localhost:${idp}, audience https://api\\.bff-demo\\.local\\)$`)),
    ]);
  });

  it('Ctrl-C → each service shuts down gracefully, npm start exits 0, every port is free again', async () => {
    if (launcher.child.pid !== undefined) process.kill(-launcher.child.pid, 'SIGINT');
    expect(await launcher.exited).toBe(0);
    const stopped = launcher.output().stdout.split('\n').filter((line) => / INFO: stopped$/.test(line)).map((line) => line.slice(0, 5)).sort();
    expect([stopped, await Promise.all([app, api, idp].map(portIsFree))]).toEqual([['[api]', '[bff]', '[idp]'], [true, true, true]]);
  }, 30_000);
});
