import type { Logger, WindowedCounter } from "@chatbot/core";
import { createMetricsRegistry, type Registry } from "@chatbot/observability";
import { createMemoryWindowedCounter } from "@chatbot/redis";
import { testLogger } from "@chatbot/testkit";
import { CircuitBreaker } from "../../src/domain/circuit-breaker";
import type { GenerationResult } from "../../src/domain/generation.types";
import { createGenerationService, type GenerationService, type TextListener } from "../../src/domain/generation.service";
import { createLlmMetrics } from "../../src/domain/llm-metrics";
import type { LlmProvider } from "../../src/domain/provider.client";
import { ProviderChain } from "../../src/domain/provider-chain";
import { createRateLimiter, type RateLimits } from "../../src/domain/rate-limiter";
import type { RetryPolicy } from "../../src/domain/retry-policy";
import type { LlmTimeouts } from "../../src/domain/timeouts";
import type { CompletionStore } from "../../src/domain/completion.store";
import { createMemoryCompletionStore } from "../../src/storage/memory-completion.store";

export interface ServiceUnderTest {
  service: GenerationService;
  chain: ProviderChain;
  registry: Registry;
}

export function buildService(options: {
  providers: LlmProvider[];
  retry?: Partial<RetryPolicy>;
  breaker?: { failureThreshold: number; cooldownMs: number };
  timeouts?: Partial<LlmTimeouts>;
  store?: CompletionStore;
  counter?: WindowedCounter;
  limits?: Partial<RateLimits>;
  cacheTtlSeconds?: number;
  logger?: Logger;
}): ServiceUnderTest {
  const registry = createMetricsRegistry({ collectDefaults: false });
  const metrics = createLlmMetrics(registry);
  const logger = options.logger ?? testLogger("llm-proxy");
  const entries = options.providers.map((provider) => ({
    provider,
    breaker: new CircuitBreaker({
      ...(options.breaker ?? { failureThreshold: 100, cooldownMs: 60_000 }),
      onStateChange: (state) => metrics.breaker(provider.name, state),
    }),
  }));
  const chain = new ProviderChain(entries, { maxRetries: 2, baseDelayMs: 10, maxDelayMs: 2000, ...options.retry }, metrics, logger);
  const store = options.store ?? createMemoryCompletionStore();
  const service = createGenerationService({
    chain,
    store,
    rateLimiter: createRateLimiter(options.counter ?? createMemoryWindowedCounter(), { requestsPerMinute: undefined, tokensPerMinute: undefined, ...options.limits }),
    metrics,
    logger,
    timeouts: { connectMs: 2000, firstTokenMs: 3000, idleMs: 2000, totalMs: 10_000, ...options.timeouts },
    cacheTtlSeconds: options.cacheTtlSeconds ?? 3600,
  });
  return { service, chain, registry };
}

/** Runs a generation to its end: the text streamed, the final result (as the wire's final event carries it) or the error. */
export async function drain(
  generate: (onText: TextListener) => Promise<GenerationResult>,
): Promise<{ text: string; final: { type: "final"; result: GenerationResult } | undefined; error: unknown }> {
  let text = "";
  try {
    const result = await generate((piece) => (text += piece));
    return { text, final: { type: "final", result }, error: undefined };
  } catch (error) {
    return { text, final: undefined, error };
  }
}

export async function metricValue(registry: Registry, name: string, labels: Record<string, string> = {}): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const data = await metric.get();
  return data.values
    .filter((value) => Object.entries(labels).every(([key, expected]) => String(value.labels[key]) === expected))
    .reduce((sum, value) => sum + value.value, 0);
}
