import { join } from "node:path";
import { vector } from "@electric-sql/pglite-pgvector";
import { createPgliteClient, type SqlClient } from "@chatbot/sql";
import type { RetrievalConfig } from "../config";
import type { ChunkStore } from "../domain/chunk.store";
import type { Chunk } from "../domain/chunk.types";
import type { SparseVector } from "../domain/sparse-vector";
import type { EmbeddingSpace } from "./embedding-space";
import { openQdrantChunkStore } from "./qdrant-chunk.store";
import { openSqlChunkStore } from "./sql-chunk.store";

/**
 * Qdrant when configured; otherwise embedded PGlite (with pgvector) under DATA_DIR, or
 * `shared`, a PGlite the embedded launcher already opened for every service. The
 * returned store closes only what it opened.
 */
export async function openChunkStore(
  config: RetrievalConfig,
  space: EmbeddingSpace,
  keywordsOf: (chunk: Chunk) => SparseVector,
  options: { sql?: SqlClient; schema?: string },
): Promise<ChunkStore> {
  if (config.QDRANT_URL) {
    return openQdrantChunkStore({
      url: config.QDRANT_URL,
      ...(config.QDRANT_API_KEY ? { apiKey: config.QDRANT_API_KEY } : {}),
      collection: config.COLLECTION_NAME,
      space,
    });
  }
  const schema = options.schema ? { schema: options.schema } : {};
  if (options.sql) return openSqlChunkStore({ sql: options.sql, space, keywordsOf, ...schema });
  const sql = await createPgliteClient({ dataDir: join(config.DATA_DIR, "retrieval"), extensions: { vector } });
  try {
    const store = await openSqlChunkStore({ sql, space, keywordsOf, ...schema });
    return { ...store, close: () => sql.close() };
  } catch (error) {
    await sql.close().catch(() => undefined);
    throw error;
  }
}
