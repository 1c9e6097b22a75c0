import { vector } from "@electric-sql/pglite-pgvector";
import { QdrantClient } from "@qdrant/js-client-rest";
import { createPgliteClient } from "@chatbot/sql";
import { uniqueName } from "@chatbot/testkit";
import type { ChunkStore } from "../../src/domain/chunk.store";
import { documentTermWeights } from "../../src/domain/korean-analysis";
import { toSparseVector } from "../../src/domain/sparse-vector";
import type { EmbeddingSpace } from "../../src/storage/embedding-space";
import { openQdrantChunkStore } from "../../src/storage/qdrant-chunk.store";
import { openSqlChunkStore } from "../../src/storage/sql-chunk.store";

/** A place for chunk stores: each `open` gives a store on the same underlying data, as a second replica would. */
export interface StoreBackend {
  open(space: EmbeddingSpace): Promise<ChunkStore>;
  /** Drops the data and closes what the backend opened. */
  destroy(): Promise<void>;
}

export type CreateBackend = () => Promise<StoreBackend>;

/** Embedded PGlite in memory with pgvector, as embedded mode uses it (there with a data directory). */
export const pgliteBackend: CreateBackend = async () => {
  const sql = await createPgliteClient({ extensions: { vector } });
  const schema = uniqueName("retrieval_test");
  return {
    open: (space) => openSqlChunkStore({ sql, schema, space, keywordsOf: (chunk) => toSparseVector(documentTermWeights(chunk)) }),
    destroy: () => sql.close(),
  };
};

/** A Qdrant server (its URL known once the suite has started it), in a collection of its own. */
export function qdrantBackend(url: () => string): CreateBackend {
  return async () => {
    const collection = uniqueName("retrieval_test");
    const apiKey = process.env.QDRANT_API_KEY;
    return {
      open: (space) => openQdrantChunkStore({ url: url(), collection, space, ...(apiKey ? { apiKey } : {}) }),
      async destroy() {
        await new QdrantClient({ url: url(), ...(apiKey ? { apiKey } : {}), checkCompatibility: false }).deleteCollection(collection);
      },
    };
  };
}
