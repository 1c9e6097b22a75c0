import type { Logger } from "@chatbot/core";
import { inProcessFailure, probeStores, protos, type CheckStoresResponse__Output, type llmV1, type StoreProbe } from "@chatbot/grpc";
import type { GenerationService } from "../domain/generation.service";
import { completeGeneration, listModels, streamGeneration } from "./generation.calls";

/**
 * The proxy's edge for a caller in the same process (LLM_PROXY_ADDR=in-process on the
 * gateway): the same calls in the same wire types as its gRPC server, without a socket,
 * framing or a second event loop between a token and the caller. Errors come out as the
 * AppError a gRPC client would rebuild from the wire.
 */
export interface InProcessLlmProxy {
  /** Streams one generation into `send`; settles when it ends, rejects with an AppError. */
  generate(request: llmV1.GenerateRequest, signal: AbortSignal, send: (event: llmV1.GenerateEvent) => void): Promise<void>;
  complete(request: llmV1.GenerateRequest, signal: AbortSignal): Promise<llmV1.CompleteResponse>;
  listModels(): llmV1.ListModelsResponse;
  /** The proxy's stores and what it says of itself, as its Diagnostics service answers. */
  checkStores(timeoutMs: number): Promise<CheckStoresResponse__Output>;
}

export interface InProcessLlmProxyParts {
  service: GenerationService;
  logger: Logger;
  stores: StoreProbe[];
  info(): Record<string, string>;
}

export function createInProcessLlmProxy({ service, logger, stores, info }: InProcessLlmProxyParts): InProcessLlmProxy {
  const methods = protos.llm().LlmProxy.service;
  // The request as the gRPC server would read it (defaults filled in, unknown fields dropped): once per call, not per token.
  const received = (request: llmV1.GenerateRequest): llmV1.GenerateRequestOutput => methods.Generate.requestDeserialize(methods.Generate.requestSerialize(request));
  const typed = (error: unknown, signal: AbortSignal) => inProcessFailure(error, logger, "llm-proxy", signal);
  return {
    async generate(request, signal, send) {
      try {
        await streamGeneration(service, received(request), signal, send);
      } catch (error) {
        throw typed(error, signal);
      }
    },
    async complete(request, signal) {
      try {
        return await completeGeneration(service, received(request), signal);
      } catch (error) {
        throw typed(error, signal);
      }
    },
    listModels: () => listModels(service),
    checkStores: (timeoutMs) => probeStores("llm-proxy", stores, info(), timeoutMs),
  };
}
