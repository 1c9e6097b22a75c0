import type { SqlClient } from "@chatbot/sql";
import type { ApiKeyStore } from "../domain/api-key.store";
import type { ApiKeyRecord } from "../domain/api-key.types";

interface ApiKeyRow {
  key_id: string;
  tenant_id: string;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS = "key_id, tenant_id, name, created_at, last_used_at, revoked_at";

function toRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    keyId: row.key_id,
    tenantId: row.tenant_id,
    name: row.name,
    createdAt: new Date(row.created_at),
    lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at),
    revokedAt: row.revoked_at === null ? null : new Date(row.revoked_at),
  };
}

/** API keys on Postgres or PGlite, in the session service's schema. */
export function createSqlApiKeyStore(sql: SqlClient, schema: string): ApiKeyStore {
  const table = `${schema}.api_keys`;
  return {
    async insertKey(record, keySha256) {
      await sql.query(`INSERT INTO ${table} (key_id, tenant_id, key_sha256, name, created_at) VALUES ($1, $2, $3, $4, $5)`, [
        record.keyId,
        record.tenantId,
        keySha256,
        record.name,
        record.createdAt,
      ]);
    },

    async insertFirstKey(record, keySha256) {
      return sql.transaction(async (tx) => {
        // Held to the end of the transaction: a second gateway starting at the same moment waits
        // here, then finds this key. Keyed by schema, like the migrations' lock.
        await tx.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`initial-api-key:${schema}`]);
        const any = await tx.query(`SELECT 1 FROM ${table} LIMIT 1`);
        if (any.rows.length > 0) return false;
        await tx.query(`INSERT INTO ${table} (key_id, tenant_id, key_sha256, name, created_at) VALUES ($1, $2, $3, $4, $5)`, [
          record.keyId,
          record.tenantId,
          keySha256,
          record.name,
          record.createdAt,
        ]);
        return true;
      });
    },

    async listKeys(tenantId) {
      const result = await sql.query<ApiKeyRow>(`SELECT ${COLUMNS} FROM ${table} WHERE $1::text IS NULL OR tenant_id = $1 ORDER BY created_at DESC, key_id`, [tenantId]);
      return result.rows.map(toRecord);
    },

    async revokeKey(keyId, now) {
      const result = await sql.query<ApiKeyRow>(`UPDATE ${table} SET revoked_at = COALESCE(revoked_at, $2) WHERE key_id = $1 RETURNING ${COLUMNS}`, [keyId, now]);
      const row = result.rows[0];
      return row ? toRecord(row) : null;
    },

    async resolveKey(keySha256, now) {
      const result = await sql.query<Pick<ApiKeyRow, "key_id" | "tenant_id">>(
        `UPDATE ${table} SET last_used_at = $2 WHERE key_sha256 = $1 AND revoked_at IS NULL RETURNING key_id, tenant_id`,
        [keySha256, now],
      );
      const row = result.rows[0];
      return row ? { keyId: row.key_id, tenantId: row.tenant_id } : null;
    },
  };
}
