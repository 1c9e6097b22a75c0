import { windowOf, type LlmStore, type WindowCount } from "./llm-store";

export interface MemoryLlmStoreOptions {
  /** Oldest cached answers are dropped beyond this many (insertion order). */
  maxCompletions?: number;
  now?: () => number;
}

/** The embedded-mode store: one process, nothing shared, nothing kept across restarts. */
export function createMemoryLlmStore(options: MemoryLlmStoreOptions = {}): LlmStore {
  const now = options.now ?? Date.now;
  const maxCompletions = options.maxCompletions ?? 10_000;
  const completions = new Map<string, { value: string; expiresAt: number }>();
  const windows = new Map<string, { index: number; total: number }>();

  return {
    kind: "memory",
    async getCompletion(key) {
      const entry = completions.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        completions.delete(key);
        return undefined;
      }
      return entry.value;
    },
    async putCompletion(key, value, ttlSeconds) {
      completions.delete(key);
      completions.set(key, { value, expiresAt: now() + ttlSeconds * 1000 });
      while (completions.size > maxCompletions) completions.delete(completions.keys().next().value!);
    },
    async addToWindow(key, amount, windowMs): Promise<WindowCount> {
      const { index, resetInMs } = windowOf(now(), windowMs);
      const mapKey = `${windowMs}:${key}`;
      let entry = windows.get(mapKey);
      if (!entry || entry.index !== index) {
        if (windows.size > 100_000) pruneWindows(windows, index);
        entry = { index, total: 0 };
        windows.set(mapKey, entry);
      }
      entry.total += amount;
      return { total: entry.total, resetInMs };
    },
    async ping() {},
    async close() {
      completions.clear();
      windows.clear();
    },
  };
}

function pruneWindows(windows: Map<string, { index: number }>, current: number): void {
  for (const [key, entry] of windows) if (entry.index < current) windows.delete(key);
}
