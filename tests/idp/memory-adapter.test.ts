import { describe, expect, it, vi } from 'vitest';

import { createMemoryAdapter } from '../../idp/src/memory-adapter.js';

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
