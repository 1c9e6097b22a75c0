import { isAppError } from "@chatbot/core";
import { counter, histogram } from "@chatbot/observability";
import type { ServiceDependencies } from "@chatbot/runtime";
import type { RetrievalConfig } from "../config";
import type { RerankStage } from "../domain/reranker.client";
import { createHttpRerankerClient } from "./http-reranker.client";

/** While the reranker keeps failing, one warning per this interval, with the count of failures since the last. */
export const RERANK_WARNING_INTERVAL_MS = 10_000;

/**
 * The configured reranking step with its metrics and logs, or undefined when RERANK_URL is
 * unset (searches keep their first-stage order).
 */
export function createRerankStage(config: RetrievalConfig, { logger, registry }: ServiceDependencies): RerankStage | undefined {
  if (!config.RERANK_URL) return undefined;
  const reranker = createHttpRerankerClient({
    url: config.RERANK_URL,
    protocol: config.RERANK_PROTOCOL,
    timeoutMs: config.RERANK_TIMEOUT_MS,
    ...(config.RERANK_MODEL ? { model: config.RERANK_MODEL } : {}),
    ...(config.RERANK_API_KEY ? { apiKey: config.RERANK_API_KEY } : {}),
  });
  const duration = histogram(registry, {
    name: "chatbot_retrieval_rerank_duration_seconds",
    help: "Reranker call latency in seconds (part of the search latency), failed and timed-out calls included",
    labelNames: [] as const,
  });
  const failures = counter(registry, {
    name: "chatbot_retrieval_rerank_failures_total",
    help: "Searches answered in first-stage order because the reranker failed, by reason (the error code)",
    labelNames: ["reason"] as const,
  });
  let lastWarning = Number.NEGATIVE_INFINITY;
  let unreported = 0;
  logger.info(
    { url: config.RERANK_URL, protocol: config.RERANK_PROTOCOL, model: reranker.model, candidates: config.RERANK_CANDIDATES, timeoutMs: config.RERANK_TIMEOUT_MS },
    "reranking on",
  );
  return {
    reranker,
    candidates: config.RERANK_CANDIDATES,
    onReranked: (seconds) => duration.observe(seconds),
    onRerankFailed(error) {
      // The codes are the adapter's own few (rerank_timeout, rerank_unavailable, ...), so the label stays small.
      const reason = isAppError(error) ? error.code : "rerank_failed";
      failures.inc({ reason });
      unreported += 1;
      const now = performance.now();
      if (now - lastWarning < RERANK_WARNING_INTERVAL_MS) return;
      logger.warn({ err: error, reason, failures: unreported }, "reranking failed; searches answer in first-stage order");
      lastWarning = now;
      unreported = 0;
    },
  };
}
