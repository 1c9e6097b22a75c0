import { join } from "node:path";
import { vector } from "@electric-sql/pglite-pgvector";
import { createPgliteClient, type SqlClient } from "@chatbot/sql";
import type { RetrievalConfig } from "../config";
import type { ChunkStore } from "../domain/chunk-store";
import type { EmbeddingSpace } from "./embedding-space";
import { openPgvectorChunkStore } from "./pgvector-chunk.store";
import { openQdrantChunkStore } from "./qdrant-chunk.store";

/**
 * Qdrant when configured; otherwise embedded PGlite with pgvector under DATA_DIR, or
 * `shared`, a PGlite the embedded launcher already opened (with pgvector) for every
 * service. The returned store closes only what it opened.
 */
export async function openChunkStore(
  config: RetrievalConfig,
  space: EmbeddingSpace,
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
  if (options.sql) return openPgvectorChunkStore({ sql: options.sql, space, ...(options.schema ? { schema: options.schema } : {}) });
  const sql = await createPgliteClient({ dataDir: join(config.DATA_DIR, "retrieval"), extensions: { vector } });
  try {
    const store = await openPgvectorChunkStore({ sql, space, ...(options.schema ? { schema: options.schema } : {}) });
    return { ...store, close: () => sql.close() };
  } catch (error) {
    await sql.close().catch(() => undefined);
    throw error;
  }
}
