import { AppError } from "@chatbot/core";

/** The embedding model and dimension an index was built with. */
export interface EmbeddingSpace {
  model: string;
  dimensions: number;
}

/** The space of an index without a dense side: keyword search only, no vectors stored. */
export const NO_DENSE_SPACE: EmbeddingSpace = { model: "none", dimensions: 0 };

/**
 * Vectors from another model or of another size cannot be compared with the stored
 * ones; starting anyway would return nonsense, so start-up stops and says what to do.
 */
export function assertSameSpace(stored: EmbeddingSpace, wanted: EmbeddingSpace, where: string): void {
  if (stored.dimensions === wanted.dimensions && stored.model === wanted.model) return;
  const describe = (space: EmbeddingSpace) =>
    space.dimensions === 0 ? "no embeddings (keyword search only)" : `${space.dimensions}-dimensional "${space.model}" embeddings`;
  throw new AppError(
    "conflict",
    "embedding_space_mismatch",
    `${where} holds ${describe(stored)}, but the configured embedding provider makes ${describe(wanted)}: set ` +
      `EMBEDDING_PROVIDER/EMBEDDING_MODEL/EMBEDDING_DIMENSIONS back, or use a new COLLECTION_NAME (Qdrant) or DATA_DIR ` +
      `(embedded) and re-ingest`,
  );
}

/** Every chunk carries a vector of the index's size when it has a dense side, and none when it has not. */
export function assertDimensions(chunks: readonly { embedding?: readonly number[] }[], dimensions: number): void {
  const wrong = chunks.find((chunk) => (chunk.embedding?.length ?? 0) !== dimensions);
  if (wrong) {
    throw new AppError("internal", "embedding_dimension_mismatch", `an embedding has ${wrong.embedding?.length ?? 0} dimensions; the index holds ${dimensions}`);
  }
}
