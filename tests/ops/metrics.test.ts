import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBff } from '../../bff/src/app.js';
import { metricsListener } from '../../bff/src/observability/metrics-listener.js';
import { createMemoryBackend } from '../../bff/src/session/memory-backend.js';
import { StoreUnavailableError } from '../../bff/src/session/session-backend.js';
import { DEV_CLIENT_SECRET } from '../../idp/src/dev-defaults.js';
import { listen, type Listening } from '../helpers/listen.js';
import { ALICE, callApi, startStack, type Stack } from '../helpers/stack.js';
import { sample } from './support/prometheus.js';

describe('metrics', () => {
  // A session store whose reads can be made to fail, as Redis going away would.
  const memory = createMemoryBackend();
  let failReads = false;
  const backend = { ...memory, get: (key: string) => (failReads ? Promise.reject(new StoreUnavailableError(new Error('down'))) : memory.get(key)) };
  let stack: Stack;
  let scrapeServer: Listening;
  const scrape = async () => (await fetch(`${scrapeServer.url}/metrics`)).text();

  beforeAll(async () => {
    stack = await startStack({ accessTokenTtlSeconds: 300, bff: { refreshMarginSeconds: 0, metricsPort: 0 }, backend });
    scrapeServer = await listen(metricsListener(stack.bff.metrics!.registry));
  });
  afterAll(async () => {
    await scrapeServer.close();
    await stack.close();
  });

  it('METRICS_PORT unset → no registry, and /metrics on the app port is not found', async () => {
    const bff = await createBff({ ...stack.bffConfig, metricsPort: undefined }, { backend: createMemoryBackend() });
    expect(bff.metrics).toBeUndefined();
    const response = await fetch(`${stack.urls.bff}/metrics`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(404);
  });

  it('a scrape → Prometheus text with the process metrics', async () => {
    const response = await fetch(`${scrapeServer.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(await response.text()).toContain('process_resident_memory_bytes');
  });

  it('a proxied call → counted by route and status, its latency in the histogram', async () => {
    const series = 'bff_http_requests_total{method="GET",route="/api",status="200"}';
    const before = sample(await scrape(), series);
    const { browser } = await stack.loggedIn(ALICE);
    await callApi(browser, stack.urls.bff, '/api/messages');
    const after = await scrape();
    expect(sample(after, series)).toBe(before + 1);
    expect(sample(after, 'bff_http_request_duration_seconds_count{method="GET",route="/api",status="200"}')).toBe(before + 1);
  });

  it('many distinct unknown paths → one "page" series, not one per path', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => fetch(`${stack.urls.bff}/no-such-page-${i}`, { headers: { accept: 'application/json' } })));
    const text = await scrape();
    expect(sample(text, 'bff_http_requests_total{method="GET",route="page",status="404"}')).toBeGreaterThanOrEqual(20);
    expect(text).not.toContain('no-such-page');
  });

  it('an access token refreshed → bff_token_refreshes_total + 1', async () => {
    const before = sample(await scrape(), 'bff_token_refreshes_total');
    const { browser } = await stack.loggedIn(ALICE);
    stack.clock.advance(301);
    await callApi(browser, stack.urls.bff);
    expect(sample(await scrape(), 'bff_token_refreshes_total')).toBe(before + 1);
  });

  it('a refresh the IdP refuses → bff_token_refresh_failures_total{reason="invalid_grant"} + 1', async () => {
    const series = 'bff_token_refresh_failures_total{reason="invalid_grant"}';
    const before = sample(await scrape(), series);
    const { browser } = await stack.loggedIn(ALICE);
    await fetch(`${stack.urls.idp}/token/revocation`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`bff-demo:${DEV_CLIENT_SECRET}`).toString('base64')}` },
      body: new URLSearchParams({ token: String((await stack.storedSession(browser))?.data.refresh_token), token_type_hint: 'refresh_token' }),
    });
    stack.clock.advance(301);
    await callApi(browser, stack.urls.bff);
    expect(sample(await scrape(), series)).toBe(before + 1);
  });

  it('a session store read failing → 503 to the user and bff_session_store_errors_total + 1', async () => {
    const before = sample(await scrape(), 'bff_session_store_errors_total');
    const { browser } = await stack.loggedIn(ALICE);
    failReads = true;
    try {
      expect((await callApi(browser, stack.urls.bff)).status).toBe(503);
    } finally {
      failReads = false;
    }
    expect(sample(await scrape(), 'bff_session_store_errors_total')).toBe(before + 1);
  });

  it('anything but GET /metrics on the metrics port → 404', async () => {
    expect((await fetch(`${scrapeServer.url}/`)).status).toBe(404);
    expect((await fetch(`${scrapeServer.url}/metrics`, { method: 'POST' })).status).toBe(404);
  });
});
