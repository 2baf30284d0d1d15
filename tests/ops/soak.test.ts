import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrowser, type Browser } from '../helpers/http-client.js';
import { ALICE, AUDIENCE, BOB, callApi, login, startStack, type Stack } from '../helpers/stack.js';
import { startBffProcess, type BffProcess } from './support/bff-process.js';
import { sample, sum } from './support/prometheus.js';
import { listen } from '../helpers/listen.js';
import { sleep, waitFor } from './support/wait.js';

// Many virtual users log in, call the API and log out against bff/src/server.ts as its own process
// (its memory is measured alone, from its own metrics), with the real dev IdP and API in this one.
// SOAK_SECONDS (default 60) and SOAK_USERS (default 20) bound it; the figures are printed.
const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const USERS = Number(process.env.SOAK_USERS ?? 20);
const TOKEN_TTL_SECONDS = 10;
const REFRESH_MARGIN_SECONDS = 5; // a session older than 5 s refreshes: the soak refreshes all along

type Figures = { logins: number; apiCalls: number; userReads: number; logouts: number; errors: string[]; latencies: number[] };
type MemorySample = { at: number; heap: number; rss: number };

async function freePort(): Promise<number> {
  const probe = await listen();
  await probe.close();
  return probe.port;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))] ?? 0;
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

describe('soak', () => {
  let stack: Stack;
  let bff: BffProcess;
  let metricsUrl: string;
  const storeFile = () => join(stack.dataDir, 'soak-sessions.db');

  beforeAll(async () => {
    stack = await startStack({ accessTokenTtlSeconds: TOKEN_TTL_SECONDS });
    // The in-process BFF gives its port to the process under test; metrics get a free port too.
    await stack.servers.bff.close();
    const metricsPort = await freePort();
    bff = startBffProcess(
      {
        PORT: String(stack.servers.bff.port),
        ISSUER_BASE_URL: stack.urls.idp,
        APP_BASE_URL: stack.urls.bff,
        API_BASE_URL: stack.urls.api,
        CLIENT_ID: 'bff-demo',
        AUDIENCE,
        SCOPE: 'openid profile email offline_access read:messages',
        SESSION_STORE_URL: `sqlite:${storeFile()}`,
        TOKEN_REFRESH_MARGIN: String(REFRESH_MARGIN_SECONDS),
        METRICS_PORT: String(metricsPort),
        LOG_LEVEL: 'warn',
        // Twenty virtual users share one address here: the per-address login limit would count them as one.
        LOGIN_RATE_LIMIT: '0',
      },
      { keepStdout: true, gcOnSignal: true },
    );
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    await waitFor(() => fetch(`${stack.urls.bff}/readyz`).then((r) => r.ok, () => false), 20_000, 'the BFF process to be ready');
  });
  afterAll(async () => {
    await bff.kill();
    await stack.close();
  });

  async function virtualUser(index: number, until: number, figures: Figures) {
    const user = index % 2 === 0 ? ALICE : BOB;
    const fail = (what: string) => figures.errors.push(`user ${index}: ${what}`);
    while (Date.now() < until) {
      const browser: Browser = createBrowser();
      const landing = await login(browser, stack.urls.bff, user, '/healthz');
      if (landing.status !== 200 || landing.url !== `${stack.urls.bff}/healthz`) {
        fail(`login landed on ${landing.status} ${landing.url}`);
        continue;
      }
      figures.logins += 1;
      // A session lasts 1–12 s: most outlive the 5 s token margin and refresh while in use.
      const sessionEnds = Math.min(until, Date.now() + 1000 + Math.random() * 11_000);
      while (Date.now() < sessionEnds) {
        const started = performance.now();
        const read = Math.random() < 0.2;
        const page = read
          ? await browser.get(`${stack.urls.bff}/auth/user?slide=false`, { accept: 'application/json' })
          : await callApi(browser, stack.urls.bff, Math.random() < 0.5 ? '/api/external' : '/api/messages');
        figures.latencies.push(performance.now() - started);
        if (page.status !== 200) fail(`${read ? '/auth/user' : 'API call'} → ${page.status} ${page.body.slice(0, 120)}`);
        else if (read) figures.userReads += 1;
        else figures.apiCalls += 1;
        await sleep(50 + Math.random() * 250);
      }
      const { logoutUrl } = JSON.parse((await browser.get(`${stack.urls.bff}/auth/user`)).body) as { logoutUrl: string };
      const confirm = await browser.get(`${stack.urls.bff}${logoutUrl}`);
      const back = await browser.submitForm(confirm, { logout: 'yes' });
      if (!back.url.startsWith(`${stack.urls.bff}/`)) fail(`logout ended at ${back.url}`);
      const after = await callApi(browser, stack.urls.bff);
      if (after.status !== 401) fail(`the session answered ${after.status} after logout`);
      else figures.logouts += 1;
    }
  }

  it(`${USERS} users logging in, calling and logging out for ${SECONDS} s → no error, no lost session, flat memory`, async () => {
    const figures: Figures = { logins: 0, apiCalls: 0, userReads: 0, logouts: 0, errors: [], latencies: [] };
    const memory: MemorySample[] = [];
    const started = Date.now();
    const until = started + SECONDS * 1000;
    const measure = async (): Promise<MemorySample> => {
      const text = await (await fetch(metricsUrl)).text();
      return { at: Date.now() - started, heap: sample(text, 'nodejs_heap_size_used_bytes'), rss: sample(text, 'process_resident_memory_bytes') };
    };
    // The live heap after a full collection, idle both times (every user logged out): once warm
    // (after the first quarter of the run) and at the end (after three times as much load).
    const afterGc = async () => {
      await bff.collectGarbage();
      return measure();
    };
    const load = (phaseEnd: number) => Promise.all(Array.from({ length: USERS }, (_, index) => virtualUser(index, phaseEnd, figures)));
    const sampler = setInterval(() => void measure().then((m) => memory.push(m)), 1000);
    let warmGc: MemorySample;
    let endGc: MemorySample;
    let warmLogins: number;
    try {
      await load(started + SECONDS * 250);
      warmGc = await afterGc();
      warmLogins = figures.logins;
      await load(until);
      endGc = await afterGc();
    } finally {
      clearInterval(sampler);
    }

    const scrape = await (await fetch(metricsUrl)).text();
    // After all that it still stops cleanly; then the store file is free to read (the BFF holds
    // it exclusively while it runs).
    bff.child.kill('SIGTERM');
    const exitCode = await bff.exited;
    const store = new Database(storeFile(), { readonly: true });
    const liveSessions = (store.prepare('SELECT COUNT(*) AS n FROM session_rows WHERE exp > unixepoch()').get() as { n: number }).n;
    store.close();
    const warm = memory.filter((m) => m.at >= SECONDS * 250 && m.at < SECONDS * 500);
    const end = memory.filter((m) => m.at >= SECONDS * 750);
    const figuresLine = {
      seconds: SECONDS,
      users: USERS,
      logins: figures.logins,
      logouts: figures.logouts,
      apiCalls: figures.apiCalls,
      userReads: figures.userReads,
      bffRequests: sum(scrape, 'bff_http_requests_total'),
      bff5xx: sum(scrape, 'bff_http_requests_total', 'status="5'),
      refreshes: sample(scrape, 'bff_token_refreshes_total'),
      refreshFailures: sum(scrape, 'bff_token_refresh_failures_total'),
      storeErrors: sample(scrape, 'bff_session_store_errors_total'),
      errors: figures.errors.length,
      sessionsLeftInStore: liveSessions,
      callLatencyMs: { p50: Math.round(percentile(figures.latencies, 0.5)), p95: Math.round(percentile(figures.latencies, 0.95)), p99: Math.round(percentile(figures.latencies, 0.99)) },
      bffHeapAfterGc: { warm: mb(warmGc.heap), warmAfterLogins: warmLogins, end: mb(endGc.heap), endAfterLogins: figures.logins },
      // Between collections: the second quarter of the run against the last quarter.
      bffHeapSampled: { start: mb(memory[0]?.heap ?? 0), warmMedian: mb(median(warm.map((m) => m.heap))), endMedian: mb(median(end.map((m) => m.heap))), max: mb(Math.max(...memory.map((m) => m.heap))) },
      bffRss: { start: mb(memory[0]?.rss ?? 0), warm: mb(median(warm.map((m) => m.rss))), end: mb(median(end.map((m) => m.rss))), afterGc: mb(endGc.rss) },
    };
    console.log(`soak figures: ${JSON.stringify(figuresLine, null, 2)}`);

    expect(figures.errors.slice(0, 20)).toEqual([]);
    expect(figuresLine.bff5xx).toBe(0);
    expect(figuresLine.storeErrors).toBe(0);
    expect(figuresLine.refreshFailures).toBe(0);
    expect(figures.logins).toBeGreaterThan(USERS);
    expect(figures.logouts).toBe(figures.logins);
    expect(figuresLine.refreshes).toBeGreaterThan(0);
    expect(liveSessions).toBe(0);
    expect(bff.output().stdout).not.toMatch(/"level":50/);
    // Flat: after all those logins, calls and logouts the live heap is what it was once warm.
    expect(endGc.heap).toBeLessThan(warmGc.heap * 1.1 + 4 * 1048576);
    expect(exitCode).toBe(0);
  }, (SECONDS + 90) * 1000);
});
