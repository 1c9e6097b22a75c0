import { isAppError, type AppError, type Logger } from "@chatbot/core";
import type { CircuitBreaker } from "./circuit-breaker";
import type { GenerationRequest, ProviderRequest } from "./generation.types";
import { isFallbackWorthy, isProviderFault, isRetryableLlmError, llmErrors } from "./llm-errors";
import { summaryPrompt } from "./summary-prompt";
import type { LlmMetrics } from "./llm-metrics";
import type { LlmProvider } from "./provider.client";
import { retryDelayMs, sleep, type RetryPolicy } from "./retry-policy";

/** A provider in the fallback chain with its model and its own circuit. */
export interface ChainEntry {
  provider: LlmProvider;
  breaker: CircuitBreaker;
}

export interface ChainOutcome<T> {
  value: T;
  entry: ChainEntry;
  /** Upstream attempts made, counting retries and fallbacks. */
  attempts: number;
}

/**
 * Gets a first answer from the chain: each provider in order, each retried with
 * backoff on 429/5xx/connection errors, skipped while its circuit is open. `attempt`
 * must resolve only once a first token (or a whole answer) is in hand, because
 * nothing is retried after that.
 */
export class ProviderChain {
  constructor(
    readonly entries: ChainEntry[],
    private readonly retry: RetryPolicy,
    private readonly metrics: LlmMetrics,
    private readonly logger: Logger,
  ) {}

  get primary(): ChainEntry {
    return this.entries[0]!;
  }

  /** The request as one provider sees it: a model named in the request applies to the first provider only. */
  providerRequest(entry: ChainEntry, request: GenerationRequest): ProviderRequest {
    const model = entry === this.primary && request.model ? request.model : entry.provider.defaultModel;
    if (request.task === "summary") {
      const messages = entry.provider.writesSummaries ? request.messages : summaryPrompt(request.messages);
      return { messages, parameters: request.parameters, model, context: request.context, task: "summary" };
    }
    return { messages: request.messages, parameters: request.parameters, model, context: request.context };
  }

  async run<T>(request: GenerationRequest, signal: AbortSignal, attempt: (entry: ChainEntry, signal: AbortSignal) => Promise<T>): Promise<ChainOutcome<T>> {
    let attempts = 0;
    let lastError: AppError | undefined;
    for (const [index, entry] of this.entries.entries()) {
      const name = entry.provider.name;
      if (index > 0) this.metrics.fallback(this.entries[index - 1]!.provider.name);
      for (let retryIndex = 0; ; retryIndex += 1) {
        if (signal.aborted) throw llmErrors.cancelled();
        if (!entry.breaker.tryAcquire()) {
          lastError = llmErrors.unavailable(`The ${name} provider is failing; its circuit is open`, { provider: name });
          this.metrics.error(name, "circuit_open");
          break;
        }
        attempts += 1;
        try {
          const value = await attempt(entry, signal);
          entry.breaker.recordSuccess();
          return { value, entry, attempts };
        } catch (caught) {
          const error = isAppError(caught) ? caught : llmErrors.protocol(`The ${name} provider failed unexpectedly`, { provider: name, cause: caught });
          if (error.code === "cancelled") {
            entry.breaker.release();
            throw error;
          }
          if (isProviderFault(error)) entry.breaker.recordFailure();
          else entry.breaker.release();
          this.metrics.error(name, error.code);
          lastError = error;
          const delay = isRetryableLlmError(error) ? retryDelayMs(this.retry, retryIndex, error) : undefined;
          this.logger.warn(
            { provider: name, code: error.code, request_id: request.requestId, retry_in_ms: delay === undefined ? null : Math.round(delay) },
            `LLM attempt failed: ${error.message}`,
          );
          if (delay === undefined) break;
          if (request.deadline !== undefined && Date.now() + delay >= request.deadline) break;
          this.metrics.retry(name);
          await sleep(delay, signal).catch(() => {
            throw llmErrors.cancelled();
          });
        }
      }
      if (lastError && !isFallbackWorthy(lastError)) throw lastError;
    }
    throw lastError ?? llmErrors.unavailable("No LLM provider is configured");
  }
}
