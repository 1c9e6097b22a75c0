import { AppError, errors, type FieldIssue } from "@chatbot/core";
import { unaryHandler, type HandlerRuntime, type retrievalV1 } from "@chatbot/grpc";
import type { EmbeddingClient } from "../domain/embedding.client";
import { LIMITS } from "../domain/retrieval-input";

/** Texts one Embed call may carry: OpenAI's own limit for one embeddings request. */
export const EMBED_MAX_INPUTS = 2_048;

function checkInput(request: retrievalV1.EmbedRequest): void {
  const issues: FieldIssue[] = [];
  if (request.tenant_id === "") issues.push({ field: "tenant_id", message: "is required" });
  if (request.input.length > EMBED_MAX_INPUTS) issues.push({ field: "input", message: `must hold at most ${EMBED_MAX_INPUTS} texts` });
  const index = request.input.findIndex((text) => text.length === 0 || text.length > LIMITS.textLength);
  if (index >= 0) issues.push({ field: `input[${index}]`, message: `must be 1 to ${LIMITS.textLength} characters` });
  if (issues.length > 0) throw errors.validation(issues);
}

/**
 * Embed: the configured embedding model for callers that want vectors themselves. The texts
 * go to the provider in batches of its size, in order; an empty input only names the model.
 */
export function embedHandler(embeddings: EmbeddingClient | undefined, runtime: HandlerRuntime) {
  return unaryHandler(runtime, async (request: retrievalV1.EmbedRequest, { signal }): Promise<retrievalV1.EmbedResponse> => {
    checkInput(request);
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
