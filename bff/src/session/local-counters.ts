/** Counters inside one process, each expiring a fixed time after its first count (memory and SQLite stores). */
export function createLocalCounters() {
  const counters = new Map<string, { count: number; until: number }>();
  return {
    count(name: string, windowMs: number): number {
      const now = Date.now();
      if (counters.size >= 10_000) for (const [key, entry] of counters) if (entry.until <= now) counters.delete(key);
      const entry = counters.get(name);
      if (!entry || entry.until <= now) {
        counters.set(name, { count: 1, until: now + windowMs });
        return 1;
      }
      entry.count += 1;
      return entry.count;
    },
  };
}
