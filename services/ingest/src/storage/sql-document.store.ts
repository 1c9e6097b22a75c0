import type { SqlClient } from "@chatbot/sql";
import type { DocumentStore } from "../domain/document.store";
import { DOCUMENT_COLUMNS, toDocumentRecord, type DocumentRow } from "./document.rows";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The document registry on Postgres or PGlite, in the schema the service owns. */
export function createSqlDocumentStore(sql: SqlClient, schema: string): DocumentStore {
  const documents = `${schema}.documents`;
  const one = async (text: string, params: unknown[]) => {
    const row = (await sql.query<DocumentRow>(text, params)).rows[0];
    return row ? toDocumentRecord(row) : null;
  };

  return {
    async insertOrGetExisting(document) {
      // ON CONFLICT DO NOTHING keeps a concurrent duplicate upload from failing; the loser reads the winner's row.
      const inserted = await one(
        `INSERT INTO ${documents} (id, tenant_id, filename, title, media_type, status, sha256, size_bytes, content,
           metadata, source, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, 'queued', $6, $7, $8, $9::jsonb, $10, $11, $11)
         ON CONFLICT (tenant_id, sha256) DO NOTHING
         RETURNING ${DOCUMENT_COLUMNS}`,
        [
          document.id,
          document.tenantId,
          document.filename,
          document.title,
          document.mediaType,
          document.sha256,
          document.sizeBytes,
          document.content,
          JSON.stringify(document.metadata),
          document.source,
          document.now,
        ],
      );
      if (inserted) return { document: inserted, created: true };
      const existing = await one(`SELECT ${DOCUMENT_COLUMNS} FROM ${documents} WHERE tenant_id = $1 AND sha256 = $2`, [document.tenantId, document.sha256]);
      if (!existing) throw new Error("document vanished between insert and read");
      return { document: existing, created: false };
    },

    async get(tenantId, documentId) {
      if (!UUID.test(documentId)) return null;
      return one(`SELECT ${DOCUMENT_COLUMNS} FROM ${documents} WHERE tenant_id = $1 AND id = $2`, [tenantId, documentId]);
    },

    async getContent(documentId) {
      if (!UUID.test(documentId)) return null;
      const row = (await sql.query<{ content: Uint8Array }>(`SELECT content FROM ${documents} WHERE id = $1`, [documentId])).rows[0];
      return row ? Buffer.from(row.content) : null;
    },

    async list({ tenantId, limit, after, status }) {
      const result = await sql.query<DocumentRow>(
        `SELECT ${DOCUMENT_COLUMNS} FROM ${documents}
         WHERE tenant_id = $1
           AND ($2::text IS NULL OR status = $2)
           AND ($3::timestamptz IS NULL OR (created_at, id) < ($3, $4::uuid))
         ORDER BY created_at DESC, id DESC
         LIMIT $5`,
        [tenantId, status ?? null, after?.createdAt ?? null, after?.id ?? null, limit],
      );
      return result.rows.map(toDocumentRecord);
    },

    async delete(tenantId, documentId) {
      if (!UUID.test(documentId)) return false;
      const result = await sql.query(`DELETE FROM ${documents} WHERE tenant_id = $1 AND id = $2`, [tenantId, documentId]);
      return result.rowCount > 0;
    },

    async countReady(tenantId) {
      const result = await sql.query<{ ready: number }>(`SELECT count(*)::int AS ready FROM ${documents} WHERE tenant_id = $1 AND status = 'ready'`, [tenantId]);
      return Number(result.rows[0]?.ready ?? 0);
    },

    async claim(tenantId, documentId, now) {
      if (!UUID.test(documentId)) return null;
      return one(
        `UPDATE ${documents} SET status = 'processing', attempts = attempts + 1, updated_at = $3
         WHERE tenant_id = $1 AND id = $2 AND status IN ('queued', 'processing')
         RETURNING ${DOCUMENT_COLUMNS}`,
        [tenantId, documentId, now],
      );
    },

    async markReady(tenantId, documentId, { pages, chunks }, now) {
      return one(
        `UPDATE ${documents} SET status = 'ready', pages = $3, chunks = $4, error_code = '', error_message = '', updated_at = $5
         WHERE tenant_id = $1 AND id = $2 AND status = 'processing'
         RETURNING ${DOCUMENT_COLUMNS}`,
        [tenantId, documentId, pages, chunks, now],
      );
    },

    async markFailed(tenantId, documentId, { code, message }, now) {
      return one(
        `UPDATE ${documents} SET status = 'failed', error_code = $3, error_message = $4, updated_at = $5
         WHERE tenant_id = $1 AND id = $2 AND status IN ('queued', 'processing')
         RETURNING ${DOCUMENT_COLUMNS}`,
        [tenantId, documentId, code, message, now],
      );
    },

    async requeueFailed(tenantId, documentId, now) {
      if (!UUID.test(documentId)) return null;
      return one(
        `UPDATE ${documents} SET status = 'queued', error_code = '', error_message = '', attempts = 0, pages = 0, chunks = 0,
           updated_at = $3
         WHERE tenant_id = $1 AND id = $2 AND status = 'failed'
         RETURNING ${DOCUMENT_COLUMNS}`,
        [tenantId, documentId, now],
      );
    },

    async listUnfinished(limit) {
      const result = await sql.query<{ tenant_id: string; id: string }>(
        `SELECT tenant_id, id FROM ${documents} WHERE status IN ('queued', 'processing') ORDER BY created_at LIMIT $1`,
        [limit],
      );
      return result.rows.map((row) => ({ tenantId: row.tenant_id, documentId: row.id }));
    },

    async touchProcessing(tenantId, documentId, now) {
      await sql.query(`UPDATE ${documents} SET updated_at = $3 WHERE tenant_id = $1 AND id = $2 AND status = 'processing'`, [tenantId, documentId, now]);
    },

    async claimStale(cutoff, now, limit) {
      // SKIP LOCKED: rows another sweeper is claiming right now are left to it; the outer
      // conditions re-check rows a concurrent claim or worker changed since the inner read.
      // The partial index on unfinished documents serves both the filter and the order.
      const result = await sql.query<{ tenant_id: string; id: string; created_at: Date | string }>(
        `UPDATE ${documents} SET updated_at = $2
         WHERE id IN (
           SELECT id FROM ${documents}
           WHERE status IN ('queued', 'processing') AND updated_at < $1
           ORDER BY created_at
           LIMIT $3
           FOR UPDATE SKIP LOCKED)
         AND status IN ('queued', 'processing') AND updated_at < $1
         RETURNING tenant_id, id, created_at`,
        [cutoff, now, limit],
      );
      return result.rows
        .sort((a, b) => new Date(a.created_at).getTime() - new Date(b.created_at).getTime())
        .map((row) => ({ tenantId: row.tenant_id, documentId: row.id }));
    },
  };
}
