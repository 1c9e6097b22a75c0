import { isAppError, type AppError, type Logger } from "@chatbot/core";
import { countPromptTokensAsync, countTextTokensAsync } from "@chatbot/tokens";
import type { CompletionStore } from "./completion.store";
import { completionCacheKey } from "./cache-key";
import type { GenerationRequest, GenerationResult, ProviderCompletion, StreamPart, TokenUsage } from "./generation.types";
import { isProviderFault, llmErrors } from "./llm-errors";
import type { LlmMetrics } from "./llm-metrics";
import type { ChainEntry, ProviderChain } from "./provider-chain";
import type { RateLimiter } from "./rate-limiter";
import { guardCall, guardStream, type LlmTimeouts } from "./timeouts";

/** Hears each piece of streamed text as it arrives; must not throw. */
export type TextListener = (text: string) => void;

export interface GenerationServiceDeps {
  chain: ProviderChain;
  store: CompletionStore;
  rateLimiter: RateLimiter;
  metrics: LlmMetrics;
  logger: Logger;
  timeouts: LlmTimeouts;
  /** 0 disables the cache. */
  cacheTtlSeconds: number;
}

export interface ModelDescription {
  id: string;
  provider: string;
  isDefault: boolean;
}

/** A stream whose first text (or its end) has arrived: from here on nothing is retried. */
interface OpenedStream {
  iterator: AsyncIterator<StreamPart>;
  firstParts: StreamPart[];
}

/** Generation as callers see it: rate limits, then the cache, then the provider chain; usage and timings on every answer. */
export interface GenerationService {
  listModels(): ModelDescription[];
  /**
   * Streams one generation: each piece of text goes to `onText` as it arrives, and the
   * promise settles with the result once the provider finished. A callback, not an async
   * iterator of events: that would cost a generator step and its promises per token.
   */
  generate(request: GenerationRequest, signal: AbortSignal, onText: TextListener): Promise<GenerationResult>;
  /** One whole answer; deterministic requests are answered from the cache when it has them. */
  complete(request: GenerationRequest, signal: AbortSignal): Promise<GenerationResult>;
}

export function createGenerationService(deps: GenerationServiceDeps): GenerationService {
  const { chain, store, rateLimiter, metrics, logger, timeouts, cacheTtlSeconds } = deps;

  function listModels(): ModelDescription[] {
    return chain.entries.map((entry, index) => ({
      id: entry.provider.defaultModel,
      provider: entry.provider.name,
      isDefault: index === 0,
    }));
  }

  async function generate(request: GenerationRequest, signal: AbortSignal, onText: TextListener): Promise<GenerationResult> {
    const started = performance.now();
    const promptTokens = await admit(request, signal);
    metrics.streamStarted();
    let entry: ChainEntry | undefined;
    let opened: OpenedStream | undefined;
    try {
      const outcome = await chain.run(request, signal, async (candidate, attemptSignal) => {
        const parts = guardStream(
          candidate.provider.name,
          (upstreamSignal) => candidate.provider.stream(chain.providerRequest(candidate, request), upstreamSignal),
          attemptSignal,
          timeouts,
          request.deadline,
        );
        return openStream(parts[Symbol.asyncIterator]());
      });
      entry = outcome.entry;
      opened = outcome.value;
      const provider = entry.provider.name;
      let firstTokenAt: number | undefined;
      let content = "";
      let pending = opened.firstParts;
      for (;;) {
        for (const part of pending) {
          if (part.type === "text-delta") {
            if (firstTokenAt === undefined) {
              firstTokenAt = performance.now();
              metrics.firstToken(provider, (firstTokenAt - started) / 1000);
            }
            content += part.text;
            onText(part.text);
          } else if (part.type === "finish") {
            const totalMs = performance.now() - started;
            const usage = await usageOf(part.usage, promptTokens, request, content);
            await finishAccounting(request, provider, usage);
            if (firstTokenAt !== undefined && usage.completionTokens > 1) {
              const streamingSeconds = (performance.now() - firstTokenAt) / 1000;
              if (streamingSeconds > 0) metrics.throughput(provider, (usage.completionTokens - 1) / streamingSeconds);
            }
            return {
              content,
              finishReason: part.finishReason,
              usage,
              model: part.model ?? chain.providerRequest(entry, request).model,
              provider,
              timings: { timeToFirstTokenMs: (firstTokenAt ?? performance.now()) - started, totalMs, attempts: outcome.attempts },
              cached: false,
            };
          }
        }
        const next = await opened.iterator.next();
        if (next.done) throw llmErrors.protocol(`The ${provider} stream ended without finishing`, { provider });
        pending = [next.value];
      }
    } catch (caught) {
      const error = failure(caught, entry, signal);
      throw error;
    } finally {
      metrics.streamEnded();
      await opened?.iterator.return?.();
    }
  }

  async function complete(request: GenerationRequest, signal: AbortSignal): Promise<GenerationResult> {
    const started = performance.now();
    const promptTokens = await admit(request, signal);
    const deterministic = !request.parameters.doSample && cacheTtlSeconds > 0;
    const cacheKey = deterministic ? completionCacheKey(chain.primary.provider.name, chain.providerRequest(chain.primary, request)) : undefined;
    if (cacheKey) {
      const cached = await store.getCompletion(cacheKey).catch((error: unknown) => {
        logger.warn({ err: error }, "completion cache unavailable; asking the provider");
        return undefined;
      });
      metrics.cacheLookup(cached !== undefined);
      if (cached !== undefined) {
        const result = JSON.parse(cached) as GenerationResult;
        const elapsed = performance.now() - started;
        await finishAccounting(request, result.provider, result.usage, false);
        return { ...result, cached: true, timings: { timeToFirstTokenMs: elapsed, totalMs: elapsed, attempts: 0 } };
      }
    }
    let entry: ChainEntry | undefined;
    try {
      const outcome = await chain.run(request, signal, (candidate, attemptSignal) =>
        guardCall(
          candidate.provider.name,
          (upstreamSignal) => candidate.provider.complete(chain.providerRequest(candidate, request), upstreamSignal),
          attemptSignal,
          timeouts,
          request.deadline,
        ),
      );
      entry = outcome.entry;
      const completion: ProviderCompletion = outcome.value;
      const provider = entry.provider.name;
      const usage = await usageOf(completion.usage, promptTokens, request, completion.content);
      await finishAccounting(request, provider, usage);
      const totalMs = performance.now() - started;
      const result: GenerationResult = {
        content: completion.content,
        finishReason: completion.finishReason,
        usage,
        model: completion.model ?? chain.providerRequest(entry, request).model,
        provider,
        timings: { timeToFirstTokenMs: totalMs, totalMs, attempts: outcome.attempts },
        cached: false,
      };
      if (cacheKey) {
        await store.putCompletion(cacheKey, JSON.stringify(result), cacheTtlSeconds).catch((error: unknown) => {
          logger.warn({ err: error }, "could not cache a completion");
        });
      }
      return result;
    } catch (caught) {
      throw failure(caught, entry, signal);
    }
  }

  /**
   * Rate limits first: a refused request costs no upstream call. Returns the prompt's token
   * count when limits need it. A prompt can be long: it is counted a few milliseconds at a
   * time, and not at all further once the caller has gone.
   */
  async function admit(request: GenerationRequest, signal: AbortSignal): Promise<number | undefined> {
    const promptTokens = rateLimiter.limitsTokens
      ? await countPromptTokensAsync(request.messages, { signal }).catch((error: unknown) => {
          throw signal.aborted ? llmErrors.cancelled() : error;
        })
      : undefined;
    await rateLimiter.admit(request.callerId, promptTokens ?? 0);
    return promptTokens;
  }

  /**
   * The provider's figures when it gave them; otherwise counted here, a few milliseconds at
   * a time. Without the caller's signal: a generation that ended is charged even when its
   * caller leaves while it is being counted.
   */
  async function usageOf(
    reported: TokenUsage | undefined,
    promptTokens: number | undefined,
    request: GenerationRequest,
    content: string,
  ): Promise<GenerationResult["usage"]> {
    if (reported) return { ...reported, reportedByProvider: true };
    const prompt = promptTokens ?? (await countPromptTokensAsync(request.messages));
    const completion = await countTextTokensAsync(content);
    return { promptTokens: prompt, completionTokens: completion, totalTokens: prompt + completion, reportedByProvider: false };
  }

  async function finishAccounting(request: GenerationRequest, provider: string, usage: TokenUsage, record = true): Promise<void> {
    if (record) metrics.usage(provider, usage.promptTokens, usage.completionTokens);
    await rateLimiter.charge(request.callerId, usage.totalTokens).catch((error: unknown) => {
      logger.warn({ err: error }, "could not record token usage for rate limits");
    });
  }

  /** Errors after the first token: counted against the provider; a cancellation stays a cancellation. */
  function failure(caught: unknown, entry: ChainEntry | undefined, signal: AbortSignal): AppError {
    if (signal.aborted) return llmErrors.cancelled();
    const error = isAppError(caught) ? caught : llmErrors.protocol("The LLM call failed unexpectedly", { cause: caught });
    if (entry) {
      metrics.error(entry.provider.name, error.code);
      if (isProviderFault(error)) entry.breaker.recordFailure();
    }
    return error;
  }

  return { listModels, generate, complete };
}

/** Pulls parts until the first text delta or the finish, so the chain knows the attempt succeeded. */
async function openStream(iterator: AsyncIterator<StreamPart>): Promise<OpenedStream> {
  const firstParts: StreamPart[] = [];
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) throw llmErrors.protocol("The stream ended before any text or finish");
      firstParts.push(next.value);
      if (next.value.type !== "response-start") return { iterator, firstParts };
    }
  } catch (error) {
    await iterator.return?.(undefined).catch(() => undefined);
    throw error;
  }
}
