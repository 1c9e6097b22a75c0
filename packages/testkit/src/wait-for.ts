import { scaledTimeout } from "./machine-pace";

/**
 * Polls `check` until it returns a truthy value or `timeoutMs` passes; never a fixed sleep.
 * The deadline is written for a quiet machine and stretched on a busy one.
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  { timeoutMs: quietTimeoutMs = 5000, intervalMs = 25, what = "condition" }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<NonNullable<T>> {
  const timeoutMs = scaledTimeout(quietTimeoutMs);
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
