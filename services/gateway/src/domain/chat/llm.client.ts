import type { llmV1 } from "@chatbot/grpc";
import type { CallOptions, MessageStream } from "../client-call.types";

/** The llm-proxy: replies streamed or whole, and the models its providers serve. */
export interface LlmClient {
  /** Sends the Generate call now; its events wait in the returned stream until read. */
  generate(request: llmV1.GenerateRequest, options?: CallOptions): MessageStream<llmV1.GenerateEvent>;
  complete(request: llmV1.GenerateRequest, options?: CallOptions): Promise<llmV1.CompleteResponse>;
  listModels(options?: CallOptions): Promise<llmV1.ListModelsResponse>;
}
