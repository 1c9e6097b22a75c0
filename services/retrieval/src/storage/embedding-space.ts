import { AppError } from "@chatbot/core";

/** The embedding model and dimension an index was built with. */
export interface EmbeddingSpace {
  model: string;
  dimensions: number;
}

/**
 * Vectors from another model or of another size cannot be compared with the stored
 * ones; starting anyway would return nonsense, so start-up stops and says what to do.
 */
export function assertSameSpace(stored: EmbeddingSpace, wanted: EmbeddingSpace, where: string): void {
  if (stored.dimensions === wanted.dimensions && stored.model === wanted.model) return;
  throw new AppError(
    "conflict",
    "embedding_space_mismatch",
    `${where} holds ${stored.dimensions}-dimensional embeddings of model "${stored.model}", but the configured ` +
      `embedding provider makes ${wanted.dimensions}-dimensional "${wanted.model}" vectors: set EMBEDDING_PROVIDER/` +
      `EMBEDDING_MODEL/EMBEDDING_DIMENSIONS back, or use a new COLLECTION_NAME (Qdrant) or DATA_DIR (embedded) and re-ingest`,
  );
}

export function assertDimensions(vectors: readonly { embedding: readonly number[] }[], dimensions: number): void {
  const wrong = vectors.find((vector) => vector.embedding.length !== dimensions);
  if (wrong) {
    throw new AppError(
      "internal",
      "embedding_dimension_mismatch",
      `an embedding has ${wrong.embedding.length} dimensions; the index holds ${dimensions}`,
    );
  }
}
