import type { Clock } from '../../bff/src/clock.js';

export type TestClock = Readonly<{
  now: Clock;
  /** Moves the time forward, as if `seconds` had passed (the real time keeps running too). */
  advance(seconds: number): void;
}>;

/** The real time plus an offset the test moves: no sleeping through timeouts and token lifetimes. */
export function createTestClock(): TestClock {
  let offsetMs = 0;
  return Object.freeze({
    now: () => Date.now() + offsetMs,
    advance(seconds: number) {
      offsetMs += seconds * 1000;
    },
  });
}
