/** Leases inside one process: enough for the memory and SQLite stores, which serve one BFF instance. */
export function createLocalLocks() {
  const held = new Map<string, number>();
  return {
    acquire(name: string, ttlMs: number): boolean {
      const until = held.get(name);
      if (until !== undefined && until > Date.now()) return false;
      held.set(name, Date.now() + ttlMs);
      return true;
    },
    release(name: string): void {
      held.delete(name);
    },
  };
}
