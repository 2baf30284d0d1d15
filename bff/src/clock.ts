/**
 * The time, passed in: sessions and tokens read it from here, so tests move it forward instead of
 * sleeping through an idle timeout or a token's lifetime. Epoch milliseconds, like Date.now().
 */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

/** Whole epoch seconds: the unit of every session timestamp and token expiry. */
export function epochSeconds(clock: Clock): number {
  return Math.floor(clock() / 1000);
}
