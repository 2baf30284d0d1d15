import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { Adapter, AdapterPayload } from 'oidc-provider';

type Entry = { model: string; id: string; payload: AdapterPayload; expiresAt: number };

// Models whose records die with their grant (revokeByGrantId): reuse of a rotated refresh token
// revokes the whole chain through this index.
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);
const SWEEP_EVERY = 500;
const FILE_VERSION = 1;

export type AdapterStorage = {
  adapter: (model: string) => Adapter;
  /** Writes pending changes to the file now (at shutdown); nothing to do without a file. */
  flush(): void;
};

/** A data file that cannot be read: the IdP stops at start rather than overwrite it. */
export class AdapterFileError extends Error {}

/**
 * Storage for oidc-provider, one per createIdp call. Unlike the library's default adapter it is
 * not shared by every provider in the process and has no 1000-entry LRU cap that would evict live
 * sessions under load. Without a file, a restart forgets every session, grant and refresh token.
 */
export function createMemoryAdapter(): (model: string) => Adapter {
  return createAdapterStorage().adapter;
}

/**
 * The same storage with a copy in `file` (JSON, owner-only), written at most once per `saveDelayMs`
 * after a change and at shutdown, read at start: a restarted dev IdP keeps its sessions, grants and
 * refresh tokens, so an app whose BFF kept its sessions keeps its users logged in.
 */
export function createAdapterStorage(options: { file?: string; saveDelayMs?: number; onSaveError?: (err: unknown) => void } = {}): AdapterStorage {
  const { file, saveDelayMs = 1000, onSaveError = (err: unknown) => console.error('[idp]', err) } = options;
  const records = new Map<string, Entry>();
  const grants = new Map<string, Set<string>>();
  const sessionUids = new Map<string, string>();
  const userCodes = new Map<string, string>();
  let writes = 0;
  let saveTimer: NodeJS.Timeout | undefined;

  const save = (): void => {
    if (!file) return;
    clearTimeout(saveTimer);
    saveTimer = undefined;
    const now = Date.now();
    const live = [...records.values()].filter((entry) => entry.expiresAt > now);
    // Written whole to a temporary file, then renamed over the old one: never half a file.
    writeFileSync(`${file}.tmp`, JSON.stringify({ version: FILE_VERSION, records: live }), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  };
  // A failed save in the background (disk full, directory gone) is reported, never thrown: the
  // records in memory are still right, only a restart would lose the newest of them.
  const saveLater = (): void => {
    try {
      save();
    } catch (err) {
      onSaveError(new Error(`cannot save ${file} (${(err as Error).message}): the IdP goes on; a restart would forget the latest sign-ins`, { cause: err }));
    }
  };
  const changed = (): void => {
    if (file && !saveTimer) saveTimer = setTimeout(saveLater, saveDelayMs).unref();
  };

  const keyOf = (model: string, id: string): string => `${model}:${id}`;
  const put = (entry: Entry): void => {
    const key = keyOf(entry.model, entry.id);
    records.set(key, entry);
    if (entry.model === 'Session' && entry.payload.uid) sessionUids.set(entry.payload.uid, key);
    if (entry.payload.userCode) userCodes.set(entry.payload.userCode, key);
    if (GRANTABLE.has(entry.model) && entry.payload.grantId) {
      const keys = grants.get(entry.payload.grantId) ?? new Set<string>();
      grants.set(entry.payload.grantId, keys.add(key));
    }
  };

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

  if (file && existsSync(file)) {
    for (const entry of readEntries(file)) if (entry.expiresAt > Date.now()) put(entry);
  }

  const adapter = (model: string): Adapter => ({
    async upsert(id, payload, expiresIn) {
      put({ model, id, payload: structuredClone(payload), expiresAt: Date.now() + expiresIn * 1000 });
      if (++writes % SWEEP_EVERY === 0) sweep();
      changed();
    },
    async find(id) {
      const payload = live(keyOf(model, id));
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
      const payload = live(keyOf(model, id));
      if (!payload) return;
      payload.consumed = Math.floor(Date.now() / 1000);
      changed();
    },
    async destroy(id) {
      if (records.delete(keyOf(model, id))) changed();
    },
    async revokeByGrantId(grantId) {
      for (const key of grants.get(grantId) ?? []) records.delete(key);
      grants.delete(grantId);
      changed();
    },
  });

  return { adapter, flush: () => (saveTimer ? save() : undefined) };
}

function readEntries(file: string): Entry[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    // Not the parser's message: it quotes the file, which holds refresh tokens.
    const why = error instanceof SyntaxError ? 'not valid JSON' : (error as Error).message;
    throw new AdapterFileError(`${file} cannot be read (${why}): delete it to start over (users sign in again)`, { cause: error });
  }
  const { version, records } = (parsed ?? {}) as { version?: unknown; records?: unknown };
  const valid = (entry: Partial<Entry>): entry is Entry =>
    typeof entry.model === 'string' && typeof entry.id === 'string' && typeof entry.expiresAt === 'number' && typeof entry.payload === 'object' && entry.payload !== null;
  if (version !== FILE_VERSION || !Array.isArray(records) || !records.every((entry) => valid(entry as Partial<Entry>))) {
    throw new AdapterFileError(`${file} is not a data file of this IdP (version ${FILE_VERSION}): delete it to start over (users sign in again)`);
  }
  return records as Entry[];
}
