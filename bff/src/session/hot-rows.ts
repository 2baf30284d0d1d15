/** A session row as SQLite holds it, its data still sealed. */
export type HotRow = { iat: number; uat: number; exp: number; tag: string; data: string };

/**
 * The last session rows read or written, in front of the SQLite file. Sound only because the file
 * belongs to this process (locking_mode=EXCLUSIVE: no other process can change a row) and every
 * write of the backend goes through here in the same call, so an entry is never older than its
 * row. Expiry is still judged on every read. Bounded, the oldest out first; sealed data only.
 */
export function createHotRows(limit = 10_000) {
  const rows = new Map<string, HotRow>();
  return {
    /** The live row, or undefined when it is not held (read the file) — or held and expired (`'expired'`). */
    get(key: string, now: number): HotRow | 'expired' | undefined {
      const row = rows.get(key);
      if (row === undefined || row.exp > now) return row;
      rows.delete(key);
      return 'expired';
    },
    set(key: string, row: HotRow): void {
      if (limit <= 0) return;
      if (!rows.has(key) && rows.size >= limit) rows.delete(rows.keys().next().value as string);
      rows.set(key, row);
    },
    touch(key: string, uat: number, exp: number): void {
      const row = rows.get(key);
      if (row) rows.set(key, { ...row, uat, exp });
    },
    delete: (key: string) => void rows.delete(key),
    clear: () => rows.clear(),
  };
}
