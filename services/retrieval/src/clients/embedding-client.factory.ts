import type { RetrievalConfig } from "../config";
import { KNOWN_EMBEDDING_DIMENSIONS } from "../config";
import type { EmbeddingClient } from "../domain/embedding.client";
import { createOpenAiEmbeddingClient } from "./openai-embedding.client";

/**
 * The configured embedding model, or none: without one, search is keyword only and no
 * vector is computed or stored. The config schema has already checked that openai has
 * what it needs.
 */
export function createEmbeddingClient(config: RetrievalConfig): EmbeddingClient | undefined {
  if (config.EMBEDDING_PROVIDER === "none") return undefined;
  const model = config.EMBEDDING_MODEL ?? "text-embedding-3-small";
  const known = KNOWN_EMBEDDING_DIMENSIONS[model];
  const dimensions = config.EMBEDDING_DIMENSIONS ?? known!;
  return createOpenAiEmbeddingClient({
    baseUrl: config.EMBEDDING_BASE_URL!,
    apiKey: (config.EMBEDDING_API_KEY ?? config.OPENAI_API_KEY)!,
    model,
    dimensions,
    // Only text-embedding-3 models accept `dimensions`; others answer 400 when it is sent.
    requestDimensions: model.startsWith("text-embedding-3") && dimensions !== known,
  });
}
