import { callUnary, openServerStream, type llmV1 } from "@chatbot/grpc";
import type { LlmClient } from "../domain/chat/llm.client";

const PEER = "llm-proxy";

export function createGrpcLlmClient(channel: llmV1.Client): LlmClient {
  return {
    generate: (request, options) => openServerStream(channel, PEER, "Generate", request, options),
    complete: (request, options) => callUnary(channel, PEER, "Complete", request, options),
    listModels: (options) => callUnary(channel, PEER, "ListModels", {}, options),
  };
}
