/** Leases inside one process: enough for the memory and SQLite stores, which serve one BFF instance. */
export function createLocalLocks() {
  const held = new Map<string, number>();
  // Leases that are never released (remembered logout-token ids) are swept once they lapse.
  const sweep = (now: number) => {
    for (const [name, until] of held) if (until <= now) held.delete(name);
  };
  return {
    acquire(name: string, ttlMs: number): boolean {
      const now = Date.now();
      if (held.size >= 1000) sweep(now);
      const until = held.get(name);
      if (until !== undefined && until > now) return false;
      held.set(name, now + ttlMs);
      return true;
    },
    release(name: string): void {
      held.delete(name);
    },
  };
}
