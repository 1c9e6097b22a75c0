import { AppError, parseInput } from "@chatbot/core";
import { unaryHandler, type HandlerRuntime, type retrievalV1 } from "@chatbot/grpc";
import type { EmbeddingClient } from "../domain/embedding.client";
import { EmbedInputSchema } from "../domain/retrieval.input";

/**
 * Embed: the configured embedding model for callers that want vectors themselves. The texts
 * go to the provider in batches of its size, in order; an empty input only names the model.
 */
export function embedHandler(embeddings: EmbeddingClient | undefined, runtime: HandlerRuntime) {
  return unaryHandler(runtime, async (request: retrievalV1.EmbedRequest, { signal }): Promise<retrievalV1.EmbedResponse> => {
    parseInput(EmbedInputSchema, { tenantId: request.tenant_id, input: request.input });
    if (!embeddings) {
      throw new AppError("not_found", "embedding_model_not_configured", "No embedding model is configured (EMBEDDING_PROVIDER is none)");
    }
    const vectors: number[][] = [];
    for (let start = 0; start < request.input.length; start += embeddings.maxBatchSize) {
      vectors.push(...(await embeddings.embed(request.input.slice(start, start + embeddings.maxBatchSize), signal)));
    }
    return { model: embeddings.model, dimensions: embeddings.dimensions, embeddings: vectors.map((values) => ({ values })) };
  });
}
