import type { Migration } from "@chatbot/sql";

/**
 * The service's tables, in its own schema. Shipped versions are never edited:
 * a change is a new version. `{{schema}}` is replaced by the schema name.
 */
export const sessionMigrations: Migration[] = [
  {
    version: 1,
    name: "sessions and messages",
    sql: `
      CREATE TABLE {{schema}}.sessions (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        created_at timestamptz NOT NULL,
        last_accessed timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        -- The sequence the next message gets; bumped in the appending transaction so
        -- concurrent appends serialise on this row and never share or skip a number.
        next_sequence integer NOT NULL DEFAULT 1
      );
      -- Every lookup is by tenant and id; the primary key alone would let a query
      -- forget the tenant, so the access path names both.
      CREATE UNIQUE INDEX sessions_tenant_id_idx ON {{schema}}.sessions (tenant_id, id);
      CREATE INDEX sessions_expires_at_idx ON {{schema}}.sessions (expires_at);

      CREATE TABLE {{schema}}.messages (
        id uuid PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES {{schema}}.sessions (id) ON DELETE CASCADE,
        sequence integer NOT NULL,
        role text NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
        content text NOT NULL,
        created_at timestamptz NOT NULL,
        token_usage jsonb,
        status text NOT NULL CHECK (status IN ('complete', 'interrupted', 'failed', 'streaming')),
        model text NOT NULL DEFAULT '',
        sources jsonb NOT NULL DEFAULT '[]'::jsonb,
        error_code text NOT NULL DEFAULT '',
        finish_reason text NOT NULL DEFAULT '',
        content_tokens integer NOT NULL DEFAULT 0,
        CONSTRAINT messages_session_sequence_key UNIQUE (session_id, sequence)
      );
    `,
  },
  {
    version: 2,
    name: "api keys",
    sql: `
      -- Keys for the public API. Only the SHA-256 of a key is kept: a leaked table
      -- does not leak usable keys, and a lookup is one unique-index probe.
      CREATE TABLE {{schema}}.api_keys (
        key_id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        key_sha256 text NOT NULL UNIQUE,
        name text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL,
        last_used_at timestamptz,
        revoked_at timestamptz
      );
      CREATE INDEX api_keys_tenant_created_idx ON {{schema}}.api_keys (tenant_id, created_at);
    `,
  },
  {
    version: 3,
    name: "abandoned replies",
    sql: `
      -- Reserved replies are few at any moment; the sweeper finds the stale ones without a scan.
      CREATE INDEX messages_streaming_created_idx ON {{schema}}.messages (created_at) WHERE status = 'streaming';
    `,
  },
  {
    version: 4,
    name: "session owner, title and activity",
    sql: `
      -- The owner the frontend names (per tenant), a title, and when a message was last
      -- appended: sessions are listed newest activity first.
      ALTER TABLE {{schema}}.sessions ADD COLUMN user_id text;
      ALTER TABLE {{schema}}.sessions ADD COLUMN title text;
      ALTER TABLE {{schema}}.sessions ADD COLUMN last_activity_at timestamptz;
      UPDATE {{schema}}.sessions AS s
      SET last_activity_at = COALESCE((SELECT max(m.created_at) FROM {{schema}}.messages AS m WHERE m.session_id = s.id), s.created_at);
      ALTER TABLE {{schema}}.sessions ALTER COLUMN last_activity_at SET NOT NULL;
      -- One user's sessions, and all of a tenant's, in listing order.
      CREATE INDEX sessions_tenant_user_activity_idx ON {{schema}}.sessions (tenant_id, user_id, last_activity_at DESC, id DESC);
      CREATE INDEX sessions_tenant_activity_idx ON {{schema}}.sessions (tenant_id, last_activity_at DESC, id DESC);
    `,
  },
  {
    version: 6,
    name: "session search postings",
    sql: `
      -- Search by words: per session, how often each term (session-search.ts: the Korean
      -- bigrams of document search) occurs in its listed messages, and in its title. One row
      -- per session and term, not per message, so a query reads at most one row per session
      -- for each of its terms. Written in the statement that writes the message or title.
      CREATE TABLE {{schema}}.session_terms (
        session_id uuid NOT NULL REFERENCES {{schema}}.sessions (id) ON DELETE CASCADE,
        tenant_id text NOT NULL,
        term text NOT NULL,
        message_count integer NOT NULL DEFAULT 0,
        title_count integer NOT NULL DEFAULT 0,
        PRIMARY KEY (session_id, term)
      );
      -- A query reads the postings of its terms in the tenant from the index alone, where the
      -- term occurs most first (a query reads at most a fixed number of them per term).
      CREATE INDEX session_terms_tenant_term_idx ON {{schema}}.session_terms (tenant_id, term, (message_count + title_count) DESC)
        INCLUDE (session_id, message_count, title_count);
      -- How many terms the session's listed messages hold: BM25's document length.
      ALTER TABLE {{schema}}.sessions ADD COLUMN search_terms integer NOT NULL DEFAULT 0;
      -- Sessions from before this version have no postings yet: the sweeper indexes them
      -- (the terms come from the tokenizer in code, not SQL). Sessions created from now on
      -- are indexed as they are written.
      ALTER TABLE {{schema}}.sessions ADD COLUMN search_indexed boolean NOT NULL DEFAULT false;
      ALTER TABLE {{schema}}.sessions ALTER COLUMN search_indexed SET DEFAULT true;
      CREATE INDEX sessions_search_unindexed_idx ON {{schema}}.sessions (id) WHERE NOT search_indexed;
    `,
  },
];
