import type { llmV1 } from "@chatbot/grpc";
import type { GenerationService } from "../domain/generation.service";
import { DeltaCoalescer, RelayLoad } from "./delta-coalescer";
import { parseGenerateRequest, toWireTimings, toWireUsage } from "./generation.mapper";

/** Every stream this process relays, through either edge. */
const relayLoad = new RelayLoad();

/**
 * The proxy's three calls in its wire types, shared by its two edges: the gRPC server and
 * a caller in the same process (llm-proxy.in-process.ts). Events are written in the shape
 * a gRPC client reads them, so both edges hand callers the same objects.
 */
export async function streamGeneration(
  service: GenerationService,
  request: llmV1.GenerateRequestOutput,
  signal: AbortSignal,
  send: (event: llmV1.GenerateEvent) => void,
): Promise<void> {
  const parsed = parseGenerateRequest(request);
  // A cancelled call takes no more writes. A flag, not `signal.aborted` on every write:
  // that getter's brand check costs more than the flag on Node 20.
  let cancelled = signal.aborted;
  signal.addEventListener("abort", () => (cancelled = true), { once: true });
  const deltas = new DeltaCoalescer((text) => {
    if (!cancelled) send({ delta: { text }, event: "delta" });
  }, relayLoad);
  relayLoad.opened();
  try {
    const result = await service.generate(parsed, signal, (text) => deltas.push(text));
    deltas.flush();
    send({
      final: {
        finish_reason: result.finishReason,
        usage: toWireUsage(result.usage),
        model: result.model,
        provider: result.provider,
        timings: toWireTimings(result.timings),
      },
      event: "final",
    });
  } finally {
    relayLoad.closed();
    // What was said before a failure still reaches the caller, ahead of the error.
    deltas.flush();
  }
}

export async function completeGeneration(service: GenerationService, request: llmV1.GenerateRequestOutput, signal: AbortSignal): Promise<llmV1.CompleteResponse> {
  const result = await service.complete(parseGenerateRequest(request), signal);
  return {
    content: result.content,
    finish_reason: result.finishReason,
    usage: toWireUsage(result.usage),
    model: result.model,
    provider: result.provider,
    timings: toWireTimings(result.timings),
    cached: result.cached,
  };
}

export function listModels(service: GenerationService): llmV1.ListModelsResponse {
  return { models: service.listModels().map((model) => ({ id: model.id, provider: model.provider, is_default: model.isDefault })) };
}
