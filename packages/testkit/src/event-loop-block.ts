/**
 * How long the event loop was held at once while `work` ran: the longest gap between ticks
 * of a 1 ms interval timer, which is what any other request arriving meanwhile waits.
 */
export async function measureEventLoopBlock<T>(work: () => T | Promise<T>): Promise<{ result: T; longestGapMs: number; elapsedMs: number }> {
  let longestGapMs = 0;
  let lastTick = performance.now();
  const probe = setInterval(() => {
    const now = performance.now();
    longestGapMs = Math.max(longestGapMs, now - lastTick);
    lastTick = now;
  }, 1);
  try {
    // The probe's first tick comes a millisecond from now; the work starts after it.
    await new Promise((resolve) => setTimeout(resolve, 5));
    lastTick = performance.now();
    const started = performance.now();
    const result = await work();
    const elapsedMs = performance.now() - started;
    // One more tick after the work: a block at its very end shows too.
    await new Promise((resolve) => setTimeout(resolve, 2));
    return { result, longestGapMs, elapsedMs };
  } finally {
    clearInterval(probe);
  }
}
