import type { RetrievalConfig } from "../config";
import { KNOWN_EMBEDDING_DIMENSIONS } from "../config";
import type { EmbeddingProvider } from "../domain/embedding-provider";
import { createLocalEmbeddingProvider } from "./local-embedding.provider";
import { createOpenAiEmbeddingProvider } from "./openai-embedding.provider";

export const LOCAL_EMBEDDING_DIMENSIONS = 256;

/** The configured provider; the config schema has already checked that openai has what it needs. */
export function createEmbeddingProvider(config: RetrievalConfig): EmbeddingProvider {
  if (config.EMBEDDING_PROVIDER === "local") {
    return createLocalEmbeddingProvider({ dimensions: config.EMBEDDING_DIMENSIONS ?? LOCAL_EMBEDDING_DIMENSIONS });
  }
  const model = config.EMBEDDING_MODEL ?? "text-embedding-3-small";
  const known = KNOWN_EMBEDDING_DIMENSIONS[model];
  const dimensions = config.EMBEDDING_DIMENSIONS ?? known!;
  return createOpenAiEmbeddingProvider({
    baseUrl: config.EMBEDDING_BASE_URL!,
    apiKey: (config.EMBEDDING_API_KEY ?? config.OPENAI_API_KEY)!,
    model,
    dimensions,
    // Only text-embedding-3 models accept `dimensions`; others answer 400 when it is sent.
    requestDimensions: model.startsWith("text-embedding-3") && dimensions !== known,
  });
}
