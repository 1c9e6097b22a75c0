import { protos, startGrpcServer, type StoreProbe } from "@chatbot/grpc";
import { createGrpcServerMetrics } from "@chatbot/observability";
import { connectBoundedRedis, createMemoryWindowedCounter, createRedisWindowedCounter, type BoundedRedis } from "@chatbot/redis";
import type { Logger, WindowedCounter } from "@chatbot/core";
import { grpcSecurityOf, grpcServiceHandle, type ServiceDependencies, type ServiceHandle } from "@chatbot/runtime";
import type { LlmProxyConfig } from "./config";
import { CircuitBreaker } from "./domain/circuit-breaker";
import { createGenerationService, type GenerationService } from "./domain/generation.service";
import { createLlmMetrics } from "./domain/llm-metrics";
import { ProviderChain, type ChainEntry } from "./domain/provider-chain";
import { createRateLimiter } from "./domain/rate-limiter";
import { createProviders } from "./clients/providers/create-providers";
import type { CompletionStore } from "./domain/completion.store";
import { createMemoryCompletionStore } from "./storage/memory-completion.store";
import { createRedisCompletionStore, type LlmRedisFeature } from "./storage/redis-completion.store";
import { createLlmProxyHandlers } from "./transport/llm-proxy.grpc";
import { createInProcessLlmProxy, type InProcessLlmProxy } from "./transport/llm-proxy.in-process";

export interface StartLlmProxyOptions {
  /** A store built elsewhere (it is then not closed on stop); default: Redis when REDIS_URL is set, else memory. */
  store?: CompletionStore;
  /** Where rate limits are counted, built elsewhere (then not closed on stop); default: Redis when REDIS_URL is set, else memory. */
  counter?: WindowedCounter;
}

/** The proxy without an edge: its generation service, the store it answers health checks with, and what it releases on stop. */
export interface LlmProxyCore {
  service: GenerationService;
  logger: Logger;
  store: CompletionStore;
  /** What health checks probe, and what the proxy says of itself. */
  stores: StoreProbe[];
  info(): Record<string, string>;
  primary: ChainEntry["provider"];
  fallbacks: string[];
  release(): Promise<void>;
}

/** Builds the proxy's generation service, its providers and its stores; the gRPC server and the in-process edge both start from it. */
export function buildLlmProxy(config: LlmProxyConfig, dependencies: ServiceDependencies, options: StartLlmProxyOptions = {}): LlmProxyCore {
  const logger = dependencies.logger.child({ component: "llm-proxy" });
  const metrics = createLlmMetrics(dependencies.registry);
  // One bounded connection for the answer cache and the rate-limit counts, when either needs Redis.
  const connection: BoundedRedis<LlmRedisFeature> | undefined =
    config.REDIS_URL && !(options.store && options.counter)
      ? connectBoundedRedis<LlmRedisFeature>(config.REDIS_URL, {
          service: "llm-proxy",
          purpose: "answer cache and rate limits",
          keyPrefix: config.REDIS_KEY_PREFIX,
          logger,
          registry: dependencies.registry,
        })
      : undefined;
  const store = options.store ?? (connection ? createRedisCompletionStore(connection) : createMemoryCompletionStore());
  const counter =
    options.counter ??
    (connection
      ? createRedisWindowedCounter({ redis: connection.redis, fallbacks: connection.fallbacks, feature: "llm_rate_limit", keyPrefix: "window:" })
      : createMemoryWindowedCounter());
  const release = async () => {
    if (!options.store) await store.close();
    if (!options.counter) await counter.close();
    if (connection) await connection.redis.quit().catch(() => connection.redis.disconnect());
  };

  const entries: ChainEntry[] = createProviders(config, logger).map((provider) => {
    metrics.breaker(provider.name, "closed");
    const breaker = new CircuitBreaker({
      failureThreshold: config.LLM_BREAKER_FAILURE_THRESHOLD,
      cooldownMs: config.LLM_BREAKER_COOLDOWN_MS,
      onStateChange: (state) => {
        metrics.breaker(provider.name, state);
        logger.warn({ provider: provider.name, state }, "circuit breaker changed state");
      },
    });
    return { provider, breaker };
  });
  const chain = new ProviderChain(
    entries,
    { maxRetries: config.LLM_MAX_RETRIES, baseDelayMs: config.LLM_RETRY_BASE_DELAY_MS, maxDelayMs: config.LLM_RETRY_MAX_DELAY_MS },
    metrics,
    logger,
  );
  const service = createGenerationService({
    chain,
    store,
    rateLimiter: createRateLimiter(counter, { requestsPerMinute: config.LLM_REQUESTS_PER_MINUTE, tokensPerMinute: config.LLM_TOKENS_PER_MINUTE }),
    metrics,
    logger,
    timeouts: {
      connectMs: config.LLM_CONNECT_TIMEOUT_MS,
      firstTokenMs: config.LLM_FIRST_TOKEN_TIMEOUT_MS,
      idleMs: config.LLM_IDLE_TIMEOUT_MS,
      totalMs: config.LLM_TOTAL_TIMEOUT_MS,
    },
    cacheTtlSeconds: config.CACHE_TTL,
  });

  const primary = chain.primary.provider;
  return {
    service,
    logger,
    store,
    stores: [{ name: "redis", kind: store.kind, ping: () => store.ping() }],
    info: () => ({ llm_provider: primary.name, llm_model: primary.defaultModel }),
    primary,
    fallbacks: entries.slice(1).map((entry) => entry.provider.name),
    release,
  };
}

export async function startLlmProxyService(config: LlmProxyConfig, dependencies: ServiceDependencies, options: StartLlmProxyOptions = {}): Promise<ServiceHandle> {
  const { service, logger, store, stores, info, primary, fallbacks, release } = buildLlmProxy(config, dependencies, options);
  const runtime = { logger, observe: createGrpcServerMetrics(dependencies.registry, "llm-proxy").observe };
  let server;
  try {
    server = await startGrpcServer(
      {
        service: "llm-proxy",
        host: config.GRPC_HOST,
        security: grpcSecurityOf(config),
        port: config.GRPC_PORT,
        logger,
        runtime,
        stores,
        info,
        healthNames: ["chatbot.llm.v1.LlmProxy"],
      },
      (grpcServer) => {
        grpcServer.addService(protos.llm().LlmProxy.service, createLlmProxyHandlers(service, runtime));
      },
    );
  } catch (error) {
    await release();
    throw error;
  }
  logger.info({ provider: primary.name, model: primary.defaultModel, fallbacks, store: store.kind }, "llm-proxy ready");
  return grpcServiceHandle(server, release);
}

/** The proxy for a caller in this process: no gRPC server; `stop` releases its stores. */
export function startInProcessLlmProxy(config: LlmProxyConfig, dependencies: ServiceDependencies): { proxy: InProcessLlmProxy; stop(): Promise<void> } {
  const { service, logger, store, stores, info, primary, fallbacks, release } = buildLlmProxy(config, dependencies);
  const proxy = createInProcessLlmProxy({ service, logger, stores, info });
  logger.info({ provider: primary.name, model: primary.defaultModel, fallbacks, store: store.kind, edge: "in-process" }, "llm-proxy ready");
  return { proxy, stop: release };
}
