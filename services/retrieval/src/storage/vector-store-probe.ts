import { join } from "node:path";
import { QdrantClient } from "@qdrant/js-client-rest";
import { vector } from "@electric-sql/pglite-pgvector";
import { createPgliteClient, type SqlClient } from "@chatbot/sql";
import type { StoreProbe } from "@chatbot/grpc";
import type { RetrievalConfig } from "../config";

export interface VectorBackend {
  probe: StoreProbe;
  close(): Promise<void>;
}

/**
 * Qdrant when configured; otherwise embedded PGlite with pgvector, kept under DATA_DIR.
 * `shared` is a PGlite the embedded launcher already opened (with pgvector) for every service.
 */
export async function openVectorBackend(config: RetrievalConfig, shared?: SqlClient): Promise<VectorBackend> {
  if (config.QDRANT_URL) {
    const client = new QdrantClient({
      url: config.QDRANT_URL,
      ...(config.QDRANT_API_KEY ? { apiKey: config.QDRANT_API_KEY } : {}),
      checkCompatibility: false,
    });
    return {
      probe: { name: "vector_store", kind: "qdrant", ping: async () => void (await client.getCollections()) },
      close: async () => undefined,
    };
  }
  if (shared) {
    await shared.query("CREATE EXTENSION IF NOT EXISTS vector");
    return { probe: { name: "vector_store", kind: `${shared.kind}-pgvector`, ping: () => shared.ping() }, close: async () => undefined };
  }
  const sql: SqlClient = await createPgliteClient({
    dataDir: join(config.DATA_DIR, "retrieval"),
    extensions: { vector },
  });
  await sql.query("CREATE EXTENSION IF NOT EXISTS vector");
  return {
    probe: { name: "vector_store", kind: "pglite-pgvector", ping: () => sql.ping() },
    close: () => sql.close(),
  };
}
