import { AppError } from "@chatbot/core";
import type { llmV1 } from "@chatbot/grpc";
import type { InProcessLlmProxy } from "@chatbot/llm-proxy";
import type { CallOptions, MessageStream } from "../domain/client-call.types";
import type { LlmClient } from "../domain/chat/llm.client";

/**
 * The LLM port over an llm-proxy running in this process (LLM_PROXY_ADDR=in-process): the
 * same requests, events and typed errors as over gRPC, so the chat domain cannot tell them
 * apart; a token reaches the reply without crossing a socket.
 */
export function createInProcessLlmClient(proxy: InProcessLlmProxy): LlmClient {
  return {
    generate: (request, options) => startGeneration(proxy, request, options),
    complete: (request, options) => bounded(options, (signal) => proxy.complete(request, signal)),
    listModels: async () => proxy.listModels(),
  };
}

/** A call's signal: the caller's, its deadline, and (for streams) the reader giving up. */
function callSignal(options: CallOptions | undefined, own?: AbortController): { signal: AbortSignal; timedOut: () => boolean } {
  const signals: AbortSignal[] = [];
  if (options?.signal) signals.push(options.signal);
  if (own) signals.push(own.signal);
  const deadline = options?.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined;
  if (deadline) signals.push(deadline);
  return { signal: signals.length === 1 ? signals[0]! : AbortSignal.any(signals), timedOut: () => deadline?.aborted === true };
}

/** As a gRPC client names a call that ran out of time or was cancelled by its caller. */
function endedBy(error: unknown, timedOut: boolean, signal: AbortSignal): unknown {
  if (timedOut) return new AppError("deadline_exceeded", "service_timeout", "The llm-proxy service did not answer in time", { cause: error });
  if (signal.aborted) return new AppError("cancelled", "cancelled", "The call was cancelled", { cause: error });
  return error;
}

async function bounded<T>(options: CallOptions | undefined, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const { signal, timedOut } = callSignal(options);
  if (signal.aborted) throw endedBy(undefined, timedOut(), signal);
  try {
    return await call(signal);
  } catch (error) {
    throw endedBy(error, timedOut(), signal);
  }
}

/** Starts the generation now; its events wait until `read` is called, then go to the reader as they come. */
function startGeneration(proxy: InProcessLlmProxy, request: llmV1.GenerateRequest, options: CallOptions | undefined): MessageStream<llmV1.GenerateEvent> {
  const readerGaveUp = new AbortController();
  const { signal, timedOut } = callSignal(options, readerGaveUp);
  let held: llmV1.GenerateEvent[] = [];
  let onMessage: ((event: llmV1.GenerateEvent) => void) | undefined;
  let readerError: { error: unknown } | undefined;
  const deliver = (event: llmV1.GenerateEvent) => {
    if (readerError) return;
    if (!onMessage) {
      held.push(event);
      return;
    }
    try {
      onMessage(event);
    } catch (error) {
      // A reader that fails stops the generation; its own error is what it hears.
      readerError = { error };
      readerGaveUp.abort();
    }
  };
  const finished: Promise<void> = signal.aborted
    ? Promise.reject(endedBy(undefined, timedOut(), signal))
    : proxy.generate(request, signal, deliver).catch((error: unknown) => {
        throw endedBy(error, timedOut(), signal);
      });
  // Kept for the reader: a failure before anyone reads is never thrown unhandled.
  finished.catch(() => undefined);
  return {
    async read(reader) {
      onMessage = reader;
      const waiting = held;
      held = [];
      for (const event of waiting) deliver(event);
      try {
        await finished;
      } catch (error) {
        if (readerError) throw readerError.error;
        throw error;
      }
      if (readerError) throw readerError.error;
    },
  };
}
