import type { AppError } from "@chatbot/core";
import { retryAfterMsOf } from "./llm-errors";

export interface RetryPolicy {
  /** Extra attempts at one provider after the first, before any token was sent. */
  maxRetries: number;
  baseDelayMs: number;
  /** No single wait is longer; an upstream asking for more (Retry-After) is not retried but fallen back from. */
  maxDelayMs: number;
}

/**
 * Exponential backoff with jitter (half fixed, half random, so retries of many
 * callers spread out yet never come back sooner than half the step), never sooner
 * than the upstream's Retry-After. Undefined: do not retry.
 */
export function retryDelayMs(policy: RetryPolicy, retryIndex: number, error: AppError, random: () => number = Math.random): number | undefined {
  if (retryIndex >= policy.maxRetries) return undefined;
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  const backoff = step / 2 + (random() * step) / 2;
  const retryAfter = retryAfterMsOf(error);
  if (retryAfter === undefined) return backoff;
  if (retryAfter > policy.maxDelayMs) return undefined;
  return Math.max(backoff, retryAfter);
}

/** A wait that ends early, rejecting with the signal's reason, when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
