/**
 * Measures how late a 20 ms timer fires while `work` runs: the longest stall of this
 * thread's event loop, which is what every other call served by it waits through.
 */
export async function withLagProbe<T>(work: () => Promise<T>): Promise<{ result: T; maxLagMs: number; elapsedMs: number }> {
  const periodMs = 20;
  let maxLagMs = 0;
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    maxLagMs = Math.max(maxLagMs, now - last - periodMs);
    last = now;
  }, periodMs);
  const started = performance.now();
  try {
    const result = await work();
    return { result, maxLagMs, elapsedMs: performance.now() - started };
  } finally {
    clearInterval(timer);
  }
}

/** What a promise settled with: its value, or the error it was rejected with. */
export async function settled<T>(promise: Promise<T>): Promise<T | unknown> {
  return promise.then(
    (value) => value,
    (error: unknown) => error,
  );
}
