import { streamHandler, unaryHandler, type HandlerRuntime, type llmV1 } from "@chatbot/grpc";
import type { GenerationService } from "../domain/generation.service";
import { completeGeneration, listModels, streamGeneration } from "./generation.calls";

/** gRPC edge of the proxy: parse, delegate to the generation service, map the result. */
export function createLlmProxyHandlers(service: GenerationService, runtime: HandlerRuntime): llmV1.Handlers {
  return {
    Generate: streamHandler(runtime, (request: llmV1.GenerateRequestOutput, send, context) => streamGeneration(service, request, context.signal, send)),
    Complete: unaryHandler(runtime, (request: llmV1.GenerateRequestOutput, context) => completeGeneration(service, request, context.signal)),
    ListModels: unaryHandler(runtime, async () => listModels(service)),
  };
}
