import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBff } from '../../bff/src/app.js';
import { listen } from '../helpers/listen.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { relisten } from './support/relisten.js';

describe('health and readiness', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('GET /healthz on the BFF → 200 {status: "ok"}', async () => {
    const response = await fetch(`${stack.urls.bff}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it.each(['api', 'idp'] as const)('GET /healthz on the %s → 200', async (service) => {
    expect((await fetch(`${stack.urls[service]}/healthz`)).status).toBe(200);
  });

  it('store, IdP and API reachable → /readyz 200 with each check ok', async () => {
    const response = await fetch(`${stack.urls.bff}/readyz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ready', checks: { store: 'ok', issuer: 'ok', api: 'ok' } });
  });

  it('API down → /readyz 503 naming the API, /healthz still 200; API back → ready again', async () => {
    await stack.servers.api.close();
    try {
      const response = await fetch(`${stack.urls.bff}/readyz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toEqual({ status: 'not_ready', checks: { store: 'ok', issuer: 'ok', api: 'unavailable' } });
      expect((await fetch(`${stack.urls.bff}/healthz`)).status).toBe(200);
    } finally {
      await relisten(stack.servers.api);
    }
    expect((await fetch(`${stack.urls.bff}/readyz`)).status).toBe(200);
  });

  it('an IdP that accepts connections but never answers → /readyz 503 within its 2 s bound', async () => {
    const silent = await listen(() => undefined);
    const bff = await createBff({ ...stack.bffConfig, issuerBaseUrl: silent.url });
    try {
      const started = Date.now();
      const response = await request(bff.app).get('/readyz');
      expect(response.status).toBe(503);
      expect(response.body.checks).toEqual({ store: 'ok', issuer: 'unavailable', api: 'ok' });
      expect(Date.now() - started).toBeLessThan(3500);
    } finally {
      await silent.close();
      await bff.close();
    }
  });
});
