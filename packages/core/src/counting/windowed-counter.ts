/**
 * Counts per key in fixed time windows: requests a minute, tokens a minute or a day.
 * The memory adapter counts in one process; the Redis adapter shares the count between
 * every process in front of the same Redis. Both pass one contract suite
 * (packages/redis/test/windowed-counter.contract.test.ts).
 */

/** Where a window starts. */
export type WindowStart =
  /**
   * Windows aligned on the clock (epoch milliseconds divided by the window's length), so every
   * process agrees on them without talking: a day window is a UTC day.
   */
  | "clock"
  /** A key's window opens with the first add after its last window ended and lasts the window's length. */
  | "first-add";

/** A key's count in its current window, as read after an add (or without one). */
export interface WindowCount {
  count: number;
  /** Milliseconds until the window ends and the count starts again from zero (more than 0, at most the window's length). */
  resetInMs: number;
}

export interface WindowedCounter {
  readonly kind: "memory" | "redis";
  readonly windowStart: WindowStart;
  /**
   * Adds `amount` (a whole number, 0 or more) to `key`'s count in its current window of
   * `windowMs` and returns the count after it. Atomic: concurrent adds are all counted, and
   * each sees a different count. The same key with different window lengths counts apart.
   */
  add(key: string, amount: number, windowMs: number): Promise<WindowCount>;
  /** The count in the current window without changing it (0 when nothing was added). */
  peek(key: string, windowMs: number): Promise<WindowCount>;
  /**
   * `add` to each of several windows of one key at once (e.g. tokens in the minute and in
   * the day): one round trip and one atomic script on Redis, so either every window counts
   * the amount or none does; counts in the order of `windowsMs` (distinct lengths).
   */
  addInWindows(key: string, amount: number, windowsMs: readonly number[]): Promise<WindowCount[]>;
  /** `peek` at several windows of one key at once (one round trip on Redis). */
  peekInWindows(key: string, windowsMs: readonly number[]): Promise<WindowCount[]>;
  /** Forgets what is kept in this process; a connection passed in is left open for its owner. */
  close(): Promise<void>;
}

/** The clock-aligned window `now` falls in: its number and the milliseconds until it ends. */
export function clockWindowAt(now: number, windowMs: number): { index: number; resetInMs: number } {
  const index = Math.floor(now / windowMs);
  return { index, resetInMs: (index + 1) * windowMs - now };
}

export function checkWindowArguments(amount: number, windowsMs: readonly number[]): void {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new RangeError(`A windowed count takes whole amounts of 0 or more, not ${amount}`);
  for (const windowMs of windowsMs) {
    if (!Number.isSafeInteger(windowMs) || windowMs < 1) throw new RangeError(`A window lasts a whole number of milliseconds, at least 1, not ${windowMs}`);
  }
  if (new Set(windowsMs).size !== windowsMs.length) throw new RangeError(`Each window length once: ${windowsMs.join(", ")}`);
}
