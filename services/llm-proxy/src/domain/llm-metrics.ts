import { counter, gauge, histogram, type Registry } from "@chatbot/observability";
import type { BreakerState } from "./circuit-breaker";

const BREAKER_VALUES: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

/** Seconds to the first token: a proxy hop should add well under a millisecond. */
const TTFT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30];
const TOKENS_PER_SECOND_BUCKETS = [1, 5, 10, 20, 40, 80, 160, 320, 640, 1280, 5000];

/** The llm-proxy's own metrics; labels are bounded (provider names, error codes), never ids. */
export function createLlmMetrics(registry: Registry) {
  const timeToFirstToken = histogram(registry, {
    name: "chatbot_llm_time_to_first_token_seconds",
    help: "Time from receiving a generation request to its first text delta, by provider",
    labelNames: ["provider"] as const,
    buckets: TTFT_BUCKETS,
  });
  const tokensPerSecond = histogram(registry, {
    name: "chatbot_llm_tokens_per_second",
    help: "Completion tokens per second of streamed generations after the first token, by provider",
    labelNames: ["provider"] as const,
    buckets: TOKENS_PER_SECOND_BUCKETS,
  });
  const activeStreams = gauge(registry, {
    name: "chatbot_llm_active_streams",
    help: "Generate streams in progress",
    labelNames: [] as const,
  });
  const errors = counter(registry, {
    name: "chatbot_llm_errors_total",
    help: "Failed LLM calls by provider and error code (a retried attempt counts too)",
    labelNames: ["provider", "code"] as const,
  });
  const breakerState = gauge(registry, {
    name: "chatbot_llm_breaker_state",
    help: "Circuit breaker state per provider: 0 closed, 1 half-open, 2 open",
    labelNames: ["provider"] as const,
  });
  const cache = counter(registry, {
    name: "chatbot_llm_cache_requests_total",
    help: "Lookups in the cache of deterministic Complete answers, by result (hit or miss)",
    labelNames: ["result"] as const,
  });
  const retries = counter(registry, {
    name: "chatbot_llm_retries_total",
    help: "Upstream attempts repeated before the first token, by provider",
    labelNames: ["provider"] as const,
  });
  const fallbacks = counter(registry, {
    name: "chatbot_llm_fallbacks_total",
    help: "Times a request moved on to the next provider of the fallback chain, by the provider left",
    labelNames: ["provider"] as const,
  });
  const tokens = counter(registry, {
    name: "chatbot_llm_tokens_total",
    help: "Tokens used, by provider and type (prompt or completion)",
    labelNames: ["provider", "type"] as const,
  });

  return {
    firstToken: (provider: string, seconds: number) => timeToFirstToken.observe({ provider }, seconds),
    throughput: (provider: string, tokensPerSecondValue: number) => tokensPerSecond.observe({ provider }, tokensPerSecondValue),
    streamStarted: () => activeStreams.inc(),
    streamEnded: () => activeStreams.dec(),
    error: (provider: string, code: string) => errors.inc({ provider, code }),
    breaker: (provider: string, state: BreakerState) => breakerState.set({ provider }, BREAKER_VALUES[state]),
    cacheLookup: (hit: boolean) => cache.inc({ result: hit ? "hit" : "miss" }),
    retry: (provider: string) => retries.inc({ provider }),
    fallback: (provider: string) => fallbacks.inc({ provider }),
    usage: (provider: string, prompt: number, completion: number) => {
      tokens.inc({ provider, type: "prompt" }, prompt);
      tokens.inc({ provider, type: "completion" }, completion);
    },
  };
}

export type LlmMetrics = ReturnType<typeof createLlmMetrics>;
