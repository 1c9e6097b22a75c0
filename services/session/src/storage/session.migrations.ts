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
    version: 5,
    name: "message branches",
    sql: `
      -- Messages form a tree: regenerating a reply or editing a question adds a sibling
      -- under the same parent, and nothing is removed. A parent is always a message of the
      -- same session (the pair is unique so the foreign key can name it).
      ALTER TABLE {{schema}}.messages ADD CONSTRAINT messages_session_id_id_key UNIQUE (session_id, id);
      ALTER TABLE {{schema}}.messages ADD COLUMN parent_message_id uuid;
      ALTER TABLE {{schema}}.messages ADD CONSTRAINT messages_parent_fkey
        FOREIGN KEY (session_id, parent_message_id) REFERENCES {{schema}}.messages (session_id, id) ON DELETE CASCADE;
      -- The newest message of the branch new turns continue. No foreign key: messages only
      -- go with their session, and a cycle of keys would complicate deleting one.
      ALTER TABLE {{schema}}.sessions ADD COLUMN active_leaf_id uuid;
      -- Existing conversations are one branch: each message follows the one before it.
      UPDATE {{schema}}.messages AS m SET parent_message_id = ordered.previous
      FROM (
        SELECT id, lag(id) OVER (PARTITION BY session_id ORDER BY sequence) AS previous FROM {{schema}}.messages
      ) AS ordered
      WHERE ordered.id = m.id AND ordered.previous IS NOT NULL;
      UPDATE {{schema}}.sessions AS s
      SET active_leaf_id = (SELECT m.id FROM {{schema}}.messages AS m WHERE m.session_id = s.id ORDER BY m.sequence DESC LIMIT 1);
      -- A message's children (siblings of one another), oldest first.
      CREATE INDEX messages_session_parent_idx ON {{schema}}.messages (session_id, parent_message_id, sequence);
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
  {
    version: 7,
    name: "feedback on answers",
    sql: `
      -- The provider that generated a reply (after fallbacks), recorded when it is finalized;
      -- '' for replies stored before, imported or never generated.
      ALTER TABLE {{schema}}.messages ADD COLUMN provider text NOT NULL DEFAULT '';
      -- A table keyed by message id rather than columns on messages: only rated answers have
      -- a row, it carries the tenant so the review listing is one index scan, and it goes
      -- with its message (and session).
      CREATE TABLE {{schema}}.message_feedback (
        message_id uuid PRIMARY KEY REFERENCES {{schema}}.messages (id) ON DELETE CASCADE,
        tenant_id text NOT NULL,
        rating text NOT NULL CHECK (rating IN ('up', 'down')),
        comment text NOT NULL DEFAULT '',
        updated_at timestamptz NOT NULL
      );
      -- The review listing, most recently rated first: all ratings, or one.
      CREATE INDEX message_feedback_tenant_updated_idx ON {{schema}}.message_feedback (tenant_id, updated_at DESC, message_id DESC);
      CREATE INDEX message_feedback_tenant_rating_updated_idx ON {{schema}}.message_feedback (tenant_id, rating, updated_at DESC, message_id DESC);
    `,
  },
  {
    version: 8,
    name: "conversation summaries",
    sql: `
      -- Running summaries of the turns that fell out of the context window, each keyed by
      -- the last message it covers: a summary of root..X serves any path through X.
      CREATE TABLE {{schema}}.conversation_summaries (
        session_id uuid NOT NULL REFERENCES {{schema}}.sessions (id) ON DELETE CASCADE,
        through_message_id uuid NOT NULL REFERENCES {{schema}}.messages (id) ON DELETE CASCADE,
        content text NOT NULL,
        content_tokens integer NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (session_id, through_message_id)
      );
      CREATE INDEX conversation_summaries_through_idx ON {{schema}}.conversation_summaries (through_message_id);
    `,
  },
];
