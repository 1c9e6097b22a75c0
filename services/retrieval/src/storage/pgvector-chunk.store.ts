import { migrate, type SqlClient } from "@chatbot/sql";
import type { ChunkStore } from "../domain/chunk-store";
import type { LexicalDocument } from "../domain/chunk.types";
import { indexedText } from "../domain/chunk.types";
import { CHUNK_COLUMNS, chunkFromRow, type ChunkRow } from "./chunk-rows";
import { assertDimensions, assertSameSpace, type EmbeddingSpace } from "./embedding-space";
import { retrievalMigrations } from "./retrieval.migrations";

export interface PgvectorChunkStoreOptions {
  sql: SqlClient;
  /** Postgres schema the store owns; default "retrieval". */
  schema?: string;
  space: EmbeddingSpace;
}

/**
 * Chunks and vectors in Postgres with pgvector: the embedded store (PGlite). Dense search
 * is an exact scan on purpose: building an HNSW index over 100k 256-dimensional vectors
 * inside PGlite (WASM, one thread) did not finish in three minutes, and every insert
 * would pay for it, while the exact scan answers in ~120 ms at 100k chunks and a few
 * milliseconds at the sizes embedded mode is meant for. It is also exact under filters.
 */
export async function openPgvectorChunkStore(options: PgvectorChunkStoreOptions): Promise<ChunkStore> {
  const { sql, space } = options;
  const schema = options.schema ?? "retrieval";
  await sql.query("CREATE EXTENSION IF NOT EXISTS vector");
  await migrate(sql, { schema, migrations: retrievalMigrations });
  await sql.query(`INSERT INTO ${schema}.embedding_space (model, dimensions) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [
    space.model,
    space.dimensions,
  ]);
  const stored = await sql.query<EmbeddingSpace>(`SELECT model, dimensions FROM ${schema}.embedding_space`);
  assertSameSpace(stored.rows[0]!, space, `The embedded index (schema "${schema}")`);
  const table = `${schema}.chunks`;

  return {
    kind: `${sql.kind}-pgvector`,

    async upsert(tenantId, chunks, signal) {
      assertDimensions(chunks, space.dimensions);
      signal?.throwIfAborted();
      if (chunks.length === 0) return;
      const params: unknown[] = [tenantId];
      const rows = chunks.map((chunk) => {
        const base = params.length;
        params.push(
          chunk.chunkId,
          chunk.documentId,
          chunk.text,
          chunk.title,
          chunk.source,
          chunk.page,
          chunk.chunkIndex,
          chunk.section,
          JSON.stringify(chunk.metadata),
          JSON.stringify(chunk.embedding),
        );
        const p = (offset: number) => `$${base + offset}`;
        return `($1, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}::jsonb, ${p(10)}::vector, now())`;
      });
      await sql.query(
        `INSERT INTO ${table} (tenant_id, ${CHUNK_COLUMNS}, embedding, updated_at) VALUES ${rows.join(", ")}
         ON CONFLICT (tenant_id, chunk_id) DO UPDATE SET
           document_id = EXCLUDED.document_id, text = EXCLUDED.text, title = EXCLUDED.title, source = EXCLUDED.source,
           page = EXCLUDED.page, chunk_index = EXCLUDED.chunk_index, section = EXCLUDED.section,
           metadata = EXCLUDED.metadata, embedding = EXCLUDED.embedding, updated_at = EXCLUDED.updated_at`,
        params,
      );
    },

    async deleteDocument(tenantId, documentId) {
      const result = await sql.query(`DELETE FROM ${table} WHERE tenant_id = $1 AND document_id = $2`, [tenantId, documentId]);
      return result.rowCount;
    },

    async searchDense(tenantId, vector, limit, filters) {
      const result = await sql.query<ChunkRow & { score: number }>(
        `SELECT ${CHUNK_COLUMNS}, 1 - (embedding <=> $2::vector) AS score
           FROM ${table}
          WHERE tenant_id = $1
            AND (cardinality($3::text[]) = 0 OR document_id = ANY($3::text[]))
            AND (cardinality($4::text[]) = 0 OR source = ANY($4::text[]))
          ORDER BY embedding <=> $2::vector
          LIMIT $5`,
        [tenantId, JSON.stringify(vector), filters.documentIds, filters.sources, limit],
      );
      return result.rows.map((row) => ({ chunk: chunkFromRow(row), score: Number(row.score) }));
    },

    async getChunks(tenantId, chunkIds) {
      if (chunkIds.length === 0) return [];
      const result = await sql.query<ChunkRow>(
        `SELECT ${CHUNK_COLUMNS} FROM ${table} WHERE tenant_id = $1 AND chunk_id = ANY($2::text[])`,
        [tenantId, chunkIds],
      );
      return result.rows.map(chunkFromRow);
    },

    async countChunks(tenantId, documentId) {
      const result = await sql.query<{ count: number | string }>(
        `SELECT count(*) AS count FROM ${table} WHERE tenant_id = $1 AND ($2::text IS NULL OR document_id = $2)`,
        [tenantId, documentId ?? null],
      );
      return Number(result.rows[0]!.count);
    },

    async *scanLexical(pageSize, signal) {
      let after: [string, string] = ["", ""];
      for (;;) {
        signal?.throwIfAborted();
        const result = await sql.query<{ tenant_id: string; chunk_id: string; document_id: string; source: string; title: string; text: string }>(
          `SELECT tenant_id, chunk_id, document_id, source, title, text FROM ${table}
            WHERE (tenant_id, chunk_id) > ($1, $2) ORDER BY tenant_id, chunk_id LIMIT $3`,
          [after[0], after[1], pageSize],
        );
        if (result.rows.length === 0) return;
        const byTenant = new Map<string, LexicalDocument[]>();
        for (const row of result.rows) {
          let documents = byTenant.get(row.tenant_id);
          if (!documents) byTenant.set(row.tenant_id, (documents = []));
          documents.push({ chunkId: row.chunk_id, documentId: row.document_id, source: row.source, text: indexedText(row) });
        }
        for (const [tenantId, documents] of byTenant) yield { tenantId, documents };
        const last = result.rows[result.rows.length - 1]!;
        after = [last.tenant_id, last.chunk_id];
        if (result.rows.length < pageSize) return;
      }
    },

    ping: () => sql.ping(),
    // The SQL client belongs to whoever opened it.
    close: async () => undefined,
  };
}
