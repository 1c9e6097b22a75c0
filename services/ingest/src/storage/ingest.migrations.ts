import type { Migration } from "@chatbot/sql";

/**
 * The document registry, in the service's own schema. Shipped versions are never edited:
 * a change is a new version.
 *
 * The file bytes live in the row (bytea) so that any replica can process any job without
 * a shared disk; uploads are bounded by MAX_UPLOAD_MB.
 */
export const ingestMigrations: Migration[] = [
  {
    version: 1,
    name: "document registry",
    sql: `
      CREATE TABLE {{schema}}.documents (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        filename text NOT NULL DEFAULT '',
        title text NOT NULL DEFAULT '',
        media_type text NOT NULL,
        status text NOT NULL CHECK (status IN ('queued', 'processing', 'ready', 'failed')),
        pages integer NOT NULL DEFAULT 0,
        chunks integer NOT NULL DEFAULT 0,
        error_code text NOT NULL DEFAULT '',
        error_message text NOT NULL DEFAULT '',
        sha256 text NOT NULL,
        size_bytes bigint NOT NULL,
        content bytea NOT NULL,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        source text NOT NULL DEFAULT '',
        attempts integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (tenant_id, sha256)
      );
      CREATE INDEX documents_tenant_created_idx ON {{schema}}.documents (tenant_id, created_at DESC, id DESC);
      CREATE INDEX documents_unfinished_idx ON {{schema}}.documents (created_at) WHERE status IN ('queued', 'processing');
    `,
  },
];
