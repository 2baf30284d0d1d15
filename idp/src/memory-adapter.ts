import type { Adapter, AdapterPayload } from 'oidc-provider';

type Entry = { payload: AdapterPayload; expiresAt: number };

// Models whose records die with their grant (revokeByGrantId): reuse of a rotated refresh token
// revokes the whole chain through this index.
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);
const SWEEP_EVERY = 500;

/**
 * In-memory storage for oidc-provider, one per createIdp call. Unlike the library's default adapter
 * it is not shared by every provider in the process and has no 1000-entry LRU cap that would evict
 * live sessions under load. A restart forgets every session, grant and refresh token (the signing
 * key is persisted separately): users sign in again, the BFF sees invalid_grant on refresh.
 */
export function createMemoryAdapter(): (model: string) => Adapter {
  const records = new Map<string, Entry>();
  const grants = new Map<string, Set<string>>();
  const sessionUids = new Map<string, string>();
  const userCodes = new Map<string, string>();
  let writes = 0;

  const live = (key: string): AdapterPayload | undefined => {
    const entry = records.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      records.delete(key);
      return undefined;
    }
    return entry.payload;
  };

  const sweep = (): void => {
    const now = Date.now();
    for (const [key, entry] of records) if (entry.expiresAt <= now) records.delete(key);
    for (const [grantId, keys] of grants) {
      for (const key of keys) if (!records.has(key)) keys.delete(key);
      if (keys.size === 0) grants.delete(grantId);
    }
    for (const index of [sessionUids, userCodes]) {
      for (const [alias, key] of index) if (!records.has(key)) index.delete(alias);
    }
  };

  return (model) => {
    const keyOf = (id: string): string => `${model}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        const key = keyOf(id);
        records.set(key, { payload: structuredClone(payload), expiresAt: Date.now() + expiresIn * 1000 });
        if (model === 'Session' && payload.uid) sessionUids.set(payload.uid, key);
        if (payload.userCode) userCodes.set(payload.userCode, key);
        if (GRANTABLE.has(model) && payload.grantId) {
          const keys = grants.get(payload.grantId) ?? new Set<string>();
          grants.set(payload.grantId, keys.add(key));
        }
        if (++writes % SWEEP_EVERY === 0) sweep();
      },
      async find(id) {
        const payload = live(keyOf(id));
        return payload && structuredClone(payload);
      },
      async findByUid(uid) {
        const key = sessionUids.get(uid);
        const payload = key ? live(key) : undefined;
        return payload && structuredClone(payload);
      },
      async findByUserCode(userCode) {
        const key = userCodes.get(userCode);
        const payload = key ? live(key) : undefined;
        return payload && structuredClone(payload);
      },
      async consume(id) {
        const payload = live(keyOf(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        records.delete(keyOf(id));
      },
      async revokeByGrantId(grantId) {
        for (const key of grants.get(grantId) ?? []) records.delete(key);
        grants.delete(grantId);
      },
    };
  };
}
