import { checkWindowArguments, clockWindowAt, type WindowCount, type WindowedCounter, type WindowStart } from "@chatbot/core";

export interface MemoryWindowedCounterOptions {
  /** Default "clock". */
  windowStart?: WindowStart;
  now?: () => number;
  /**
   * At most this many live windows are kept (default 100 000). Ended windows are dropped as
   * the counter goes; past the bound, the least recently opened live windows are dropped too
   * (their keys start again from zero), so memory stays bounded whatever the keys.
   */
  maxWindows?: number;
}

interface OpenWindow {
  count: number;
  endsAt: number;
}

/** Ended windows are swept at most this often, besides whenever the bound is reached. */
const SWEEP_INTERVAL_MS = 60_000;

/** Counts in this process only: one instance's view, and the Redis adapter's stand-in while Redis is away. */
export function createMemoryWindowedCounter(options: MemoryWindowedCounterOptions = {}): WindowedCounter {
  const now = options.now ?? Date.now;
  const windowStart = options.windowStart ?? "clock";
  const maxWindows = options.maxWindows ?? 100_000;
  // By window length and key; Map order is the order windows opened (a new window is re-inserted).
  const windows = new Map<string, OpenWindow>();
  let lastSweep = now();

  const sweep = (at: number) => {
    lastSweep = at;
    for (const [key, window] of windows) if (window.endsAt <= at) windows.delete(key);
  };

  const endOfNewWindow = (at: number, windowMs: number) => (windowStart === "clock" ? at + clockWindowAt(at, windowMs).resetInMs : at + windowMs);

  function addAt(at: number, key: string, amount: number, windowMs: number): WindowCount {
    const mapKey = `${windowMs}:${key}`;
    let window = windows.get(mapKey);
    if (!window || window.endsAt <= at) {
      windows.delete(mapKey);
      if (windows.size >= maxWindows) sweep(at);
      while (windows.size >= maxWindows) windows.delete(windows.keys().next().value!);
      window = { count: 0, endsAt: endOfNewWindow(at, windowMs) };
      windows.set(mapKey, window);
    }
    window.count += amount;
    return { count: window.count, resetInMs: window.endsAt - at };
  }

  function peekAt(at: number, key: string, windowMs: number): WindowCount {
    const window = windows.get(`${windowMs}:${key}`);
    if (window && window.endsAt > at) return { count: window.count, resetInMs: window.endsAt - at };
    return { count: 0, resetInMs: endOfNewWindow(at, windowMs) - at };
  }

  function addInWindowsNow(key: string, amount: number, windowsMs: readonly number[]): WindowCount[] {
    checkWindowArguments(amount, windowsMs);
    const at = now();
    if (at - lastSweep >= SWEEP_INTERVAL_MS) sweep(at);
    return windowsMs.map((windowMs) => addAt(at, key, amount, windowMs));
  }

  function peekInWindowsNow(key: string, windowsMs: readonly number[]): WindowCount[] {
    checkWindowArguments(0, windowsMs);
    const at = now();
    return windowsMs.map((windowMs) => peekAt(at, key, windowMs));
  }

  return {
    kind: "memory",
    windowStart,
    async add(key, amount, windowMs) {
      return addInWindowsNow(key, amount, [windowMs])[0]!;
    },
    async peek(key, windowMs) {
      return peekInWindowsNow(key, [windowMs])[0]!;
    },
    async addInWindows(key, amount, windowsMs) {
      return addInWindowsNow(key, amount, windowsMs);
    },
    async peekInWindows(key, windowsMs) {
      return peekInWindowsNow(key, windowsMs);
    },
    async close() {
      windows.clear();
    },
  };
}
