import type { CompletionStore } from "../domain/completion.store";

export interface MemoryCompletionStoreOptions {
  /** Oldest cached answers are dropped beyond this many (insertion order). */
  maxCompletions?: number;
  now?: () => number;
}

/** The embedded-mode store: one process, nothing shared, nothing kept across restarts. */
export function createMemoryCompletionStore(options: MemoryCompletionStoreOptions = {}): CompletionStore {
  const now = options.now ?? Date.now;
  const maxCompletions = options.maxCompletions ?? 10_000;
  const completions = new Map<string, { value: string; expiresAt: number }>();

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
    async ping() {},
    async close() {
      completions.clear();
    },
  };
}
