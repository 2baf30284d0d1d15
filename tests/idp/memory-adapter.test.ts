import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

import { AdapterFileError, createAdapterStorage, createMemoryAdapter } from '../../idp/src/memory-adapter.js';

const dataFile = () => join(mkdtempSync(join(tmpdir(), 'idp-adapter-')), 'grants.json');

describe('createMemoryAdapter', () => {
  it('a record past its expiresIn → not found', async () => {
    vi.useFakeTimers();
    try {
      const tokens = createMemoryAdapter()('RefreshToken');
      await tokens.upsert('rt', { grantId: 'g' }, 10);
      vi.advanceTimersByTime(10_001);

      expect(await tokens.find('rt')).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });

  it('revokeByGrantId → every token of that grant gone, other grants kept', async () => {
    const adapter = createMemoryAdapter();
    const [refreshTokens, accessTokens] = [adapter('RefreshToken'), adapter('AccessToken')];
    await refreshTokens.upsert('rt-1', { grantId: 'g1' }, 60);
    await accessTokens.upsert('at-1', { grantId: 'g1' }, 60);
    await refreshTokens.upsert('rt-2', { grantId: 'g2' }, 60);
    await accessTokens.revokeByGrantId('g1');

    expect([await refreshTokens.find('rt-1'), await accessTokens.find('at-1')]).toEqual([undefined, undefined]);
    expect(await refreshTokens.find('rt-2')).toEqual({ grantId: 'g2' });
  });

  it('consume → the stored record is marked consumed (what rotation checks on reuse)', async () => {
    const tokens = createMemoryAdapter()('RefreshToken');
    await tokens.upsert('rt', { grantId: 'g' }, 60);
    await tokens.consume('rt');

    expect((await tokens.find('rt'))?.consumed).toEqual(expect.any(Number));
  });

  it('a session → found by its uid', async () => {
    const sessions = createMemoryAdapter()('Session');
    await sessions.upsert('cookie-id', { uid: 'session-uid', accountId: 'user-alice' }, 60);

    expect(await sessions.findByUid('session-uid')).toMatchObject({ accountId: 'user-alice' });
  });

  it('two IdPs in one process → separate storage', async () => {
    await createMemoryAdapter()('Grant').upsert('g', { accountId: 'user-alice' }, 60);

    expect(await createMemoryAdapter()('Grant').find('g')).toBeUndefined();
  });
});

describe('createAdapterStorage with a file', () => {
  it('written, flushed, opened again → the records, the consumed mark and the grant index are back', async () => {
    const file = dataFile();
    const first = createAdapterStorage({ file });
    await first.adapter('RefreshToken').upsert('rt-1', { grantId: 'g1' }, 60);
    await first.adapter('RefreshToken').consume('rt-1');
    await first.adapter('AccessToken').upsert('at-1', { grantId: 'g1' }, 60);
    await first.adapter('Session').upsert('cookie-id', { uid: 'session-uid', accountId: 'user-alice' }, 60);
    first.flush();

    const second = createAdapterStorage({ file });
    expect((await second.adapter('RefreshToken').find('rt-1'))?.consumed).toEqual(expect.any(Number));
    expect(await second.adapter('Session').findByUid('session-uid')).toMatchObject({ accountId: 'user-alice' });
    await second.adapter('RefreshToken').revokeByGrantId('g1');
    expect([await second.adapter('RefreshToken').find('rt-1'), await second.adapter('AccessToken').find('at-1')]).toEqual([undefined, undefined]);
  });

  it('a change → saved by itself after the delay, to a file only its owner can read', async () => {
    const file = dataFile();
    const storage = createAdapterStorage({ file, saveDelayMs: 20 });
    await storage.adapter('Grant').upsert('g', { accountId: 'user-alice' }, 60);
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(readFileSync(file, 'utf8')).toContain('user-alice');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('a save that fails in the background (the directory is gone) → reported, not thrown; the records stay served', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idp-adapter-'));
    const errors: unknown[] = [];
    const storage = createAdapterStorage({ file: join(dir, 'grants.json'), saveDelayMs: 10, onSaveError: (err) => errors.push(err) });
    rmSync(dir, { recursive: true });
    await storage.adapter('Grant').upsert('g', { accountId: 'user-alice' }, 60);
    await new Promise((resolve) => setTimeout(resolve, 60));

    expect(String(errors[0])).toMatch(/cannot save .*grants\.json .*the IdP goes on/);
    expect(await storage.adapter('Grant').find('g')).toEqual({ accountId: 'user-alice' });
  });

  it('a record that expired while the IdP was down → not loaded', async () => {
    const file = dataFile();
    const storage = createAdapterStorage({ file });
    await storage.adapter('RefreshToken').upsert('short', { grantId: 'g' }, 1);
    await storage.adapter('RefreshToken').upsert('long', { grantId: 'g' }, 60);
    storage.flush();
    vi.useFakeTimers({ now: Date.now() + 2000 });
    try {
      const reopened = createAdapterStorage({ file }).adapter('RefreshToken');
      expect([await reopened.find('short'), await reopened.find('long')]).toEqual([undefined, { grantId: 'g' }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a file that is not this IdP\'s data → AdapterFileError naming it and what to do, never its content; the file is left as it was', () => {
    const file = dataFile();
    writeFileSync(file, 'secret-token');
    expect(() => createAdapterStorage({ file })).not.toThrow(/secret-token/);
    writeFileSync(file, '{"not": "ours"');
    expect(() => createAdapterStorage({ file })).toThrow(AdapterFileError);
    expect(() => createAdapterStorage({ file })).toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} cannot be read .*delete it to start over`));
    writeFileSync(file, '{"version": 1, "records": [{"model": "Grant"}]}');
    expect(() => createAdapterStorage({ file })).toThrow(/is not a data file of this IdP/);
    expect(readFileSync(file, 'utf8')).toBe('{"version": 1, "records": [{"model": "Grant"}]}');
  });
});
