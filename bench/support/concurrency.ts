import { performance } from "node:perf_hooks";

export interface ConcurrencyOptions {
  /**
   * Spreads the workers' first calls evenly over this many milliseconds. Workers that all
   * start at once stay in step when every call takes about as long: each wave's requests
   * then arrive together and queue behind each other, which measures a burst, not a steady
   * load of that many streams. A ramp of one call's duration gives steady arrivals.
   */
  rampMs?: number;
}

/** Runs `total` calls of `task` with at most `concurrency` in flight; returns results and wall time. */
export async function runConcurrently<T>(concurrency: number, total: number, task: () => Promise<T>, options: ConcurrencyOptions = {}) {
  const results: T[] = [];
  const workers = Math.min(concurrency, total);
  const rampMs = options.rampMs ?? 0;
  let started = 0;
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      const delayMs = (rampMs * worker) / workers;
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      while (started < total) {
        started += 1;
        results.push(await task());
      }
    }),
  );
  return { results, seconds: (performance.now() - begin) / 1000 };
}
