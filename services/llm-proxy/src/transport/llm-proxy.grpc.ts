import { streamHandler, unaryHandler, type HandlerRuntime, type llmV1 } from "@chatbot/grpc";
import type { GenerationService } from "../domain/generation.service";
import { DeltaCoalescer } from "./delta-coalescer";
import { parseGenerateRequest, toWireTimings, toWireUsage } from "./generation.mapper";

/** gRPC edge of the proxy: parse, delegate to the generation service, map the result. */
export function createLlmProxyHandlers(service: GenerationService, runtime: HandlerRuntime): llmV1.Handlers {
  return {
    Generate: streamHandler(runtime, async (request: llmV1.GenerateRequestOutput, send, context) => {
      const parsed = parseGenerateRequest(request);
      // A cancelled call takes no more writes. A flag, not `signal.aborted` on every write:
      // that getter's brand check costs more than the flag on Node 20.
      let cancelled = context.signal.aborted;
      context.signal.addEventListener("abort", () => (cancelled = true), { once: true });
      const deltas = new DeltaCoalescer((text) => {
        if (!cancelled) send({ delta: { text } });
      });
      try {
        const result = await service.generate(parsed, context.signal, (text) => deltas.push(text));
        deltas.flush();
        send({
          final: {
            finish_reason: result.finishReason,
            usage: toWireUsage(result.usage),
            model: result.model,
            provider: result.provider,
            timings: toWireTimings(result.timings),
          },
        });
      } finally {
        // What was said before a failure still reaches the caller, ahead of the error.
        deltas.flush();
      }
    }),

    Complete: unaryHandler(runtime, async (request: llmV1.GenerateRequestOutput, context) => {
      const result = await service.complete(parseGenerateRequest(request), context.signal);
      return {
        content: result.content,
        finish_reason: result.finishReason,
        usage: toWireUsage(result.usage),
        model: result.model,
        provider: result.provider,
        timings: toWireTimings(result.timings),
        cached: result.cached,
      };
    }),

    ListModels: unaryHandler(runtime, async () => ({
      models: service.listModels().map((model) => ({ id: model.id, provider: model.provider, is_default: model.isDefault })),
    })),
  };
}
