import type { Migration } from "@chatbot/sql";

/**
 * Tables of the embedded chunk store, in the service's own schema. Shipped versions are
 * never edited: a change is a new version.
 *
 * The vector column has no fixed dimension so that one migration serves every embedding
 * provider; `embedding_space` records the model and dimension the rows were made with,
 * and the store refuses to open with a different one.
 */
export const retrievalMigrations: Migration[] = [
  {
    version: 1,
    name: "chunks with embeddings",
    sql: `
      CREATE TABLE {{schema}}.embedding_space (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        model text NOT NULL,
        dimensions integer NOT NULL
      );
      CREATE TABLE {{schema}}.chunks (
        tenant_id text NOT NULL,
        chunk_id text NOT NULL,
        document_id text NOT NULL,
        text text NOT NULL,
        title text NOT NULL DEFAULT '',
        source text NOT NULL DEFAULT '',
        page integer NOT NULL DEFAULT 0,
        chunk_index integer NOT NULL DEFAULT 0,
        section text NOT NULL DEFAULT '',
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        embedding vector NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, chunk_id)
      );
      CREATE INDEX chunks_tenant_document_idx ON {{schema}}.chunks (tenant_id, document_id);
    `,
  },
];
