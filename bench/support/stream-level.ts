import { runConcurrently } from "./concurrency";

/** One measured stream: time to its first token, the tokens it brought, whether it completed. */
export interface StreamResult {
  ttftMs: number;
  tokens: number;
  ok: boolean;
}

/**
 * `total` streams with `concurrency` in flight, the workers' first streams spread over `rampMs`
 * (one reply's duration gives steady arrivals instead of waves). A stream that throws counts
 * as failed. TTFTs are those of the streams that completed.
 */
export async function runStreamLevel(stream: () => Promise<StreamResult>, concurrency: number, total: number, rampMs: number) {
  const run = await runConcurrently(concurrency, total, () => stream().catch(() => ({ ttftMs: 0, tokens: 0, ok: false })), { rampMs });
  const ok = run.results.filter((result) => result.ok);
  const tokens = run.results.reduce((sum, result) => sum + result.tokens, 0);
  return {
    ttfts: ok.map((result) => result.ttftMs),
    failures: run.results.length - ok.length,
    tokens,
    seconds: run.seconds,
    tokensPerSecond: tokens / run.seconds,
  };
}
