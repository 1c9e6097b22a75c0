import { BM25, errors, inverseDocumentFrequency, type FeedbackRating } from "@chatbot/core";
import type { SqlClient } from "@chatbot/sql";
import { isSearchable, POSTINGS_PER_TERM, postingsOf, TITLE_WEIGHT, type CandidateMessage, type TermCounts } from "../domain/session-search";
import type { SessionStore } from "../domain/session.store";
import type { Feedback, MessageAnchor } from "../domain/session.types";
import { storedMessage, toListedMessage, toMessageRecord, toSessionRecord, type MessageRow, type SessionRow } from "./session.rows";

const UNIQUE_VIOLATION = "23505";

const MESSAGE_FIELDS = [
  "id",
  "session_id",
  "sequence",
  "role",
  "content",
  "created_at",
  "token_usage",
  "status",
  "model",
  "sources",
  "error_code",
  "finish_reason",
  "content_tokens",
  "parent_message_id",
  "provider",
];
const MESSAGE_COLUMNS = MESSAGE_FIELDS.join(", ");
/** The message columns of table alias `alias`. */
const messageColumnsOf = (alias: string) => MESSAGE_FIELDS.map((field) => `${alias}.${field}`).join(", ");

/** The feedback columns of alias `feedback` (a LEFT JOIN of message_feedback), named as MessageRow names them. */
const feedbackColumnsOf = (feedback: string) =>
  `${feedback}.rating AS feedback_rating, ${feedback}.comment AS feedback_comment, ${feedback}.updated_at AS feedback_updated_at`;

/** A message's columns read through `alias`, with its feedback's from `feedback`. */
const ratedMessageColumns = (alias: string, feedback: string) => `${messageColumnsOf(alias)}, ${feedbackColumnsOf(feedback)}`;

const SESSION_COLUMNS = "id, tenant_id, created_at, last_accessed, expires_at, metadata, user_id, title, last_activity_at, active_leaf_id";

/** Statuses a context window takes. */
const IN_CONTEXT = "IN ('complete', 'interrupted')";

/**
 * A recursive CTE `name` walking a branch upwards from the message `startId` (an SQL
 * expression) of session `sessionId`, newest first: each row carries `counted`, how many
 * rows so far (itself included) meet `counts` (a condition on alias `m`), and the walk
 * stops once `enough` of them were found, so a long branch is not read to its root.
 */
function branchUpwards(messages: string, name: string, sessionId: string, startId: string, counts: string, enough: string): string {
  return `${name} AS (
    SELECT ${messageColumnsOf("m")}, (CASE WHEN ${counts} THEN 1 ELSE 0 END) AS counted
    FROM ${messages} AS m WHERE m.session_id = ${sessionId} AND m.id = ${startId}
    UNION ALL
    SELECT ${messageColumnsOf("m")}, below.counted + (CASE WHEN ${counts} THEN 1 ELSE 0 END)
    FROM ${name} AS below JOIN ${messages} AS m ON m.session_id = below.session_id AND m.id = below.parent_message_id
    WHERE below.counted < ${enough}
  )`;
}

/** `[use the active leaf, the parent otherwise]` as statement parameters. */
function anchorParams(anchor: MessageAnchor): [boolean, string | null] {
  return anchor.kind === "active_leaf" ? [true, null] : [false, anchor.parentId];
}

/** Sessions and messages on Postgres or PGlite, in the schema the service owns. */
export function createSqlSessionStore(sql: SqlClient, schema: string): SessionStore {
  const sessions = `${schema}.sessions`;
  const messages = `${schema}.messages`;
  const feedback = `${schema}.message_feedback`;

  /** The branch from `startId` (an SQL expression over `$1` the session and `params`) upwards, newest first, until `limit` context messages were seen. */
  async function branchAbove(sessionId: string, startId: string, params: unknown[], limit: number) {
    const result = await sql.query<MessageRow>(
      `WITH RECURSIVE ${branchUpwards(messages, "branch", "$1::uuid", startId, `m.status ${IN_CONTEXT}`, `$${params.length + 2}`)}
       SELECT ${MESSAGE_COLUMNS} FROM branch ORDER BY sequence DESC`,
      [sessionId, ...params, limit],
    );
    return result.rows.map(toMessageRecord);
  }

  /** The newest `limit` complete or interrupted messages of the branch ending at `startId`, newest first. */
  async function contextAbove(sessionId: string, startId: string, limit: number) {
    const walked = await branchAbove(sessionId, startId, [], limit);
    return walked.filter((message) => message.status === "complete" || message.status === "interrupted");
  }

  const sessionTerms = `${schema}.session_terms`;

  /**
   * An INSERT of postings (`TermCounts` as three arrays from parameter `first` on) for the
   * session `source` names (a CTE with `id` and `tenant_id`): message counts add up; title
   * counts are written only when `titleApplies` (an SQL condition), and then set, not added,
   * so writing the same title twice is harmless.
   */
  const addPostings = (source: string, first: number, titleApplies: string) =>
    `INSERT INTO ${sessionTerms} AS st (session_id, tenant_id, term, message_count, title_count)
     SELECT ${source}.id, ${source}.tenant_id, x.term, x.message_count, CASE WHEN ${titleApplies} THEN x.title_count ELSE 0 END
     FROM ${source}, unnest($${first}::text[], $${first + 1}::int[], $${first + 2}::int[]) AS x(term, message_count, title_count)
     WHERE x.message_count > 0 OR (${titleApplies} AND x.title_count > 0)
     ON CONFLICT (session_id, term) DO UPDATE
     SET message_count = st.message_count + EXCLUDED.message_count, title_count = GREATEST(st.title_count, EXCLUDED.title_count)`;
  const postingParams = (counts: TermCounts) => [counts.terms, counts.messageCounts, counts.titleCounts];

  return {
    async insertSession(session) {
      await sql.query(
        `WITH created AS (
           INSERT INTO ${sessions} (id, tenant_id, created_at, last_accessed, expires_at, metadata, user_id, title, last_activity_at)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)
           RETURNING id, tenant_id
         )
         ${addPostings("created", 10, "true")}`,
        [
          session.id,
          session.tenantId,
          session.createdAt,
          session.lastAccessed,
          session.expiresAt,
          JSON.stringify(session.metadata),
          session.userId,
          session.title,
          session.lastActivityAt,
          ...postingParams(postingsOf(null, session.title)),
        ],
      );
    },

    async listSessions(tenantId, userId, now, limit, after) {
      const result = await sql.query<SessionRow>(
        `SELECT ${SESSION_COLUMNS} FROM ${sessions}
         WHERE tenant_id = $1 AND ($2::text IS NULL OR user_id = $2::text) AND expires_at > $3
           AND ($5::timestamptz IS NULL OR (last_activity_at, id) < ($5::timestamptz, $6::uuid))
         ORDER BY last_activity_at DESC, id DESC
         LIMIT $4`,
        [tenantId, userId, now, limit, after?.lastActivityAt ?? null, after?.id ?? null],
      );
      return result.rows.map(toSessionRecord);
    },

    async setTitle(tenantId, sessionId, now, expiresAt, title) {
      // The old title's postings go (or lose their title count) and the new one's are set,
      // in the statement that sets the title; the sub-statements touch disjoint rows.
      const counts = postingsOf(null, title);
      const result = await sql.query<SessionRow>(
        `WITH updated AS (
           UPDATE ${sessions} SET title = $5, last_accessed = $3, expires_at = $4
           WHERE tenant_id = $1 AND id = $2 AND expires_at > $3
           RETURNING ${SESSION_COLUMNS}
         ),
         dropped AS (
           DELETE FROM ${sessionTerms} WHERE session_id = (SELECT id FROM updated) AND message_count = 0 AND NOT (term = ANY($6::text[]))
         ),
         cleared AS (
           UPDATE ${sessionTerms} SET title_count = 0
           WHERE session_id = (SELECT id FROM updated) AND message_count > 0 AND title_count > 0 AND NOT (term = ANY($6::text[]))
         ),
         posted AS (
           INSERT INTO ${sessionTerms} AS st (session_id, tenant_id, term, message_count, title_count)
           SELECT updated.id, updated.tenant_id, x.term, 0, x.title_count FROM updated, unnest($6::text[], $7::int[]) AS x(term, title_count)
           ON CONFLICT (session_id, term) DO UPDATE SET title_count = EXCLUDED.title_count
         )
         SELECT * FROM updated`,
        [tenantId, sessionId, now, expiresAt, title, counts.terms, counts.titleCounts],
      );
      const row = result.rows[0];
      return row ? toSessionRecord(row) : null;
    },

    async touchSession(tenantId, sessionId, now, expiresAt) {
      const result = await sql.query<SessionRow>(
        `UPDATE ${sessions} SET last_accessed = $3, expires_at = $4
         WHERE tenant_id = $1 AND id = $2 AND expires_at > $3
         RETURNING ${SESSION_COLUMNS}`,
        [tenantId, sessionId, now, expiresAt],
      );
      const row = result.rows[0];
      return row ? toSessionRecord(row) : null;
    },

    async countMessages(sessionId) {
      const result = await sql.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${messages} WHERE session_id = $1 AND status <> 'streaming'`, [sessionId]);
      return Number(result.rows[0]?.count ?? 0);
    },

    async deleteSession(tenantId, sessionId, now) {
      const result = await sql.query(`DELETE FROM ${sessions} WHERE tenant_id = $1 AND id = $2 AND expires_at > $3`, [tenantId, sessionId, now]);
      return result.rowCount > 0;
    },

    async appendMessage(tenantId, sessionId, now, expiresAt, message, autoTitle, anchor) {
      const [afterActiveLeaf, parentId] = anchorParams(anchor);
      try {
        // One statement: the session row's lock (taken by the FOR UPDATE read, which then
        // sees the newest committed row) orders concurrent appends to a session, hands out
        // the next sequence and the parent (the active leaf before this message); if the
        // INSERT fails the whole statement rolls back. Only the sequence and parent come
        // back: the rest of the row is what was just written. The postings of the message
        // (when searchable) and of the title it gives go in the same statement; the title's
        // only when it is the session's title now.
        const counts = postingsOf(isSearchable(message.status) ? message.content : null, autoTitle);
        const inserted = await sql.query<{ sequence: number; parent_message_id: string | null }>(
          `WITH claimed AS (
             UPDATE ${sessions} AS s
             SET next_sequence = s.next_sequence + 1, last_accessed = $3, expires_at = $4, last_activity_at = $3,
               title = COALESCE(s.title, $15::text), active_leaf_id = $5::uuid, search_terms = s.search_terms + $18::int
             FROM (SELECT id, active_leaf_id FROM ${sessions} WHERE tenant_id = $1 AND id = $2 AND expires_at > $3 FOR UPDATE) AS previous
             WHERE s.id = previous.id
             RETURNING s.id, s.tenant_id, s.title, s.next_sequence - 1 AS sequence,
               CASE WHEN $16::boolean THEN previous.active_leaf_id ELSE $17::uuid END AS parent_id
           ),
           posted AS (${addPostings("claimed", 19, "claimed.title = $15::text")})
           INSERT INTO ${messages} (id, session_id, sequence, role, content, created_at, token_usage, status,
             model, sources, error_code, finish_reason, content_tokens, parent_message_id)
           SELECT $5, $2, claimed.sequence, $6, $7, $3, $8::jsonb, $9, $10, $11::jsonb, $12, $13, $14, claimed.parent_id FROM claimed
           RETURNING sequence, parent_message_id`,
          [
            tenantId,
            sessionId,
            now,
            expiresAt,
            message.id,
            message.role,
            message.content,
            message.tokenUsage === null ? null : JSON.stringify(message.tokenUsage),
            message.status,
            message.model,
            JSON.stringify(message.sources),
            message.errorCode,
            message.finishReason,
            message.contentTokens,
            autoTitle,
            afterActiveLeaf,
            parentId,
            counts.length,
            ...postingParams(counts),
          ],
        );
        const row = inserted.rows[0];
        return row ? storedMessage(message, sessionId, Number(row.sequence), now, row.parent_message_id) : null;
      } catch (error) {
        if (isUniqueViolation(error)) throw errors.conflict("message_exists", "A message with this id already exists");
        throw error;
      }
    },

    async findMessage(sessionId, messageId) {
      const result = await sql.query<MessageRow>(
        `SELECT ${ratedMessageColumns("m", "f")} FROM ${messages} AS m LEFT JOIN ${feedback} AS f ON f.message_id = m.id
         WHERE m.session_id = $1 AND m.id = $2`,
        [sessionId, messageId],
      );
      const row = result.rows[0];
      return row ? toMessageRecord(row) : null;
    },

    async findTenantMessage(tenantId, messageId, now) {
      const result = await sql.query<MessageRow>(
        `SELECT ${ratedMessageColumns("m", "f")}
         FROM ${messages} AS m
         JOIN ${sessions} AS s ON s.id = m.session_id
         LEFT JOIN ${feedback} AS f ON f.message_id = m.id
         WHERE m.id = $2 AND s.tenant_id = $1 AND s.expires_at > $3`,
        [tenantId, messageId, now],
      );
      const row = result.rows[0];
      return row ? toMessageRecord(row) : null;
    },

    async setFeedback(tenantId, messageId, given: Feedback) {
      return sql.transaction(async (tx) => {
        // Ratings of one message take turns on its row, so each reads the rating it replaces
        // after the one before it has committed (a rating's own statement reads a snapshot
        // taken after the lock is held).
        const locked = await tx.query(`SELECT id FROM ${messages} WHERE id = $1 FOR UPDATE`, [messageId]);
        if (locked.rows.length === 0) return null;
        const result = await tx.query<{ previous_rating: string | null }>(
          `WITH previous AS (SELECT rating FROM ${feedback} WHERE message_id = $1),
           written AS (
             INSERT INTO ${feedback} (message_id, tenant_id, rating, comment, updated_at)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (message_id) DO UPDATE SET rating = EXCLUDED.rating, comment = EXCLUDED.comment, updated_at = EXCLUDED.updated_at
             RETURNING message_id
           )
           SELECT (SELECT rating FROM previous) AS previous_rating FROM written`,
          [messageId, tenantId, given.rating, given.comment, given.updatedAt],
        );
        const row = result.rows[0];
        // The CHECK constraint keeps stored ratings within their union.
        return row ? { previousRating: (row.previous_rating as FeedbackRating | null) ?? null } : null;
      });
    },

    async clearFeedback(messageId) {
      const result = await sql.query<{ rating: string }>(`DELETE FROM ${feedback} WHERE message_id = $1 RETURNING rating`, [messageId]);
      return (result.rows[0]?.rating as FeedbackRating | undefined) ?? null;
    },

    async listFeedback(tenantId, rating, now, limit, after) {
      // One query: the page of ratings is chosen first (live sessions only), then each rated
      // answer is read with the question it answered, its parent when that is a user message
      // (as JSON, read back like any message row), so only the page's rows are built.
      const result = await sql.query<MessageRow & { question: MessageRow | null }>(
        `WITH page AS (
           SELECT f.message_id, f.rating, f.comment, f.updated_at
           FROM ${feedback} AS f
           JOIN ${messages} AS rated ON rated.id = f.message_id
           JOIN ${sessions} AS s ON s.id = rated.session_id AND s.tenant_id = f.tenant_id
           WHERE f.tenant_id = $1 AND s.expires_at > $2 AND ($3::text IS NULL OR f.rating = $3::text)
             AND ($5::timestamptz IS NULL OR (f.updated_at, f.message_id) < ($5::timestamptz, $6::uuid))
           ORDER BY f.updated_at DESC, f.message_id DESC
           LIMIT $4
         )
         SELECT ${ratedMessageColumns("a", "page")}, to_jsonb(q) AS question
         FROM page
         JOIN ${messages} AS a ON a.id = page.message_id
         LEFT JOIN LATERAL (
           SELECT ${MESSAGE_COLUMNS} FROM ${messages} AS parent
           WHERE parent.session_id = a.session_id AND parent.id = a.parent_message_id AND parent.role = 'user'
         ) AS q ON true
         ORDER BY page.updated_at DESC, page.message_id DESC`,
        [tenantId, now, rating, limit, after?.updatedAt ?? null, after?.messageId ?? null],
      );
      return result.rows.map(({ question, ...answer }) => {
        const record = toMessageRecord(answer);
        if (!record.feedback) throw new Error("a listed rating has no feedback");
        return { answer: { ...record, feedback: record.feedback }, question: question ? toMessageRecord(question) : null };
      });
    },

    async listMessages(sessionId, leafId, limit, beforeSequence) {
      const listed = `m.status <> 'streaming' AND ($4::int IS NULL OR m.sequence < $4::int)`;
      const result = await sql.query<MessageRow & { sibling_ids: string[] }>(
        `WITH RECURSIVE ${branchUpwards(messages, "branch", "$1::uuid", `COALESCE($2::uuid, (SELECT active_leaf_id FROM ${sessions} WHERE id = $1))`, listed, "$3")}
         SELECT ${ratedMessageColumns("m", "f")},
           ARRAY(
             SELECT sibling.id::text FROM ${messages} AS sibling
             WHERE sibling.session_id = m.session_id
               AND (sibling.parent_message_id = m.parent_message_id OR (sibling.parent_message_id IS NULL AND m.parent_message_id IS NULL))
               AND (sibling.status <> 'streaming' OR sibling.id = m.id)
             ORDER BY sibling.sequence
           ) AS sibling_ids
         FROM branch AS m
         LEFT JOIN ${feedback} AS f ON f.message_id = m.id
         WHERE ${listed}
         ORDER BY m.sequence DESC
         LIMIT $3`,
        [sessionId, leafId, limit, beforeSequence],
      );
      return result.rows.map(toListedMessage);
    },

    async newestDescendant(sessionId, messageId) {
      const result = await sql.query<{ id: string }>(
        `WITH RECURSIVE down AS (
           SELECT id, 0 AS depth FROM ${messages} WHERE session_id = $1 AND id = $2
           UNION ALL
           SELECT child.id, down.depth + 1 FROM down
           CROSS JOIN LATERAL (
             SELECT c.id FROM ${messages} AS c WHERE c.session_id = $1 AND c.parent_message_id = down.id ORDER BY c.sequence DESC LIMIT 1
           ) AS child
         )
         SELECT id FROM down ORDER BY depth DESC LIMIT 1`,
        [sessionId, messageId],
      );
      return result.rows[0]?.id ?? messageId;
    },

    async finalizeMessage({ tenantId, sessionId, messageId, now, expiresAt, status, outcome, contentTokens }) {
      // A finished reply's postings go in with it; a failed one's text is not searchable.
      const counts = postingsOf(isSearchable(status) ? outcome.content : null, null);
      // One statement: the session's expiry is refreshed by the same UPDATE that counts the
      // reply's terms (a row is updated once per statement), so a turn's end is one commit.
      const result = await sql.query<MessageRow & { session_found: boolean }>(
        `WITH touched AS (
           UPDATE ${sessions}
           SET last_accessed = $3, expires_at = $4,
               search_terms = search_terms + CASE WHEN EXISTS (
                 SELECT 1 FROM ${messages} WHERE session_id = $2 AND id = $5 AND status = 'streaming'
               ) THEN $14::int ELSE 0 END
           WHERE tenant_id = $1 AND id = $2 AND expires_at > $3
           RETURNING id, tenant_id
         ),
         done AS (
           UPDATE ${messages}
           SET status = $6, content = $7, token_usage = $8::jsonb, model = $9, sources = $10::jsonb,
               error_code = $11, finish_reason = $12, content_tokens = $13, provider = $15
           WHERE session_id = (SELECT id FROM touched) AND id = $5 AND status = 'streaming'
           RETURNING ${MESSAGE_COLUMNS}
         ),
         counted AS (SELECT id, tenant_id FROM touched WHERE EXISTS (SELECT 1 FROM done)),
         posted AS (${addPostings("counted", 16, "false")})
         SELECT EXISTS (SELECT 1 FROM touched) AS session_found, done.*
         FROM (VALUES (1)) AS one LEFT JOIN done ON true`,
        [
          tenantId,
          sessionId,
          now,
          expiresAt,
          messageId,
          status,
          outcome.content,
          outcome.tokenUsage === null ? null : JSON.stringify(outcome.tokenUsage),
          outcome.model,
          JSON.stringify(outcome.sources),
          outcome.errorCode,
          outcome.finishReason,
          contentTokens,
          counts.length,
          outcome.provider,
          ...postingParams(counts),
        ],
      );
      const row = result.rows[0]!;
      return { sessionFound: row.session_found, message: row.id ? toMessageRecord(row) : null };
    },

    async recentContextMessages(sessionId, limit) {
      return contextAbove(sessionId, `(SELECT active_leaf_id FROM ${sessions} WHERE id = $1)`, limit);
    },

    async beginTurn(tenantId, sessionId, now, expiresAt, turn, historyLimit, autoTitle) {
      const { question, reply, anchor } = turn;
      const [afterActiveLeaf, parentId] = anchorParams(anchor);
      const rows = question ? 2 : 1;
      // History is read from the statement's snapshot, so it holds only the messages that
      // were there before this turn; the new rows come back from the INSERT. The parent is
      // read under the session's row lock, so two turns at once still form a tree. The
      // question's postings (and the title's it gives) go in the same statement.
      const counts = postingsOf(question?.content ?? null, autoTitle);
      try {
        const result = await sql.query<MessageRow & { part: string }>(
          `WITH RECURSIVE claimed AS (
             UPDATE ${sessions} AS s
             SET next_sequence = s.next_sequence + $11::int, last_accessed = $3, expires_at = $4, last_activity_at = $3,
               title = COALESCE(s.title, $10::text), active_leaf_id = $8::uuid, search_terms = s.search_terms + $14::int
             FROM (SELECT id, active_leaf_id FROM ${sessions} WHERE tenant_id = $1 AND id = $2 AND expires_at > $3 FOR UPDATE) AS previous
             WHERE s.id = previous.id
             RETURNING s.id, s.tenant_id, s.title, s.next_sequence - $11::int AS sequence,
               CASE WHEN $12::boolean THEN previous.active_leaf_id ELSE $13::uuid END AS parent_id
           ),
           posted AS (${addPostings("claimed", 15, "claimed.title = $10::text")}),
           inserted AS (
             INSERT INTO ${messages} (id, session_id, sequence, role, content, created_at, token_usage, status,
               model, sources, error_code, finish_reason, content_tokens, parent_message_id)
             SELECT turn.id, claimed.id, claimed.sequence + turn.position, turn.role, turn.content, $3, NULL,
               turn.status, '', '[]'::jsonb, '', '', turn.tokens, COALESCE(turn.parent, claimed.parent_id)
             FROM claimed,
               (VALUES (0, $5::uuid, 'user', $6::text, 'complete', $7::int, NULL::uuid),
                       ($11::int - 1, $8::uuid, 'assistant', '', 'streaming', 0, $5::uuid)) AS turn(position, id, role, content, status, tokens, parent)
             WHERE turn.id IS NOT NULL
             RETURNING ${MESSAGE_COLUMNS}
           ),
           ${branchUpwards(messages, "history", "(SELECT id FROM claimed)", "(SELECT parent_id FROM claimed)", `m.status ${IN_CONTEXT}`, "$9")}
           SELECT 'turn' AS part, * FROM inserted
           UNION ALL
           SELECT 'history' AS part, ${MESSAGE_COLUMNS} FROM history`,
          [
            tenantId,
            sessionId,
            now,
            expiresAt,
            question?.id ?? null,
            question?.content ?? "",
            question?.contentTokens ?? 0,
            reply.id,
            historyLimit,
            autoTitle,
            rows,
            afterActiveLeaf,
            parentId,
            counts.length,
            ...postingParams(counts),
          ],
        );
        const stored = result.rows.filter((row) => row.part === "turn").map(toMessageRecord);
        const asked = stored.find((message) => message.role === "user") ?? null;
        const reserved = stored.find((message) => message.role === "assistant");
        if (!reserved) return null;
        const above = (asked ?? reserved).parentId;
        let walked = result.rows.filter((row) => row.part === "history").map(toMessageRecord);
        // The parent was committed after this statement's snapshot was taken (a turn that
        // raced this one for the row lock): read the branch again, now that it is visible.
        if (above !== null && walked.length === 0) walked = await branchAbove(sessionId, "$2::uuid", [above], historyLimit);
        const history = walked.filter((message) => message.status === "complete" || message.status === "interrupted").sort((a, b) => b.sequence - a.sequence);
        return { question: asked, reply: reserved, history };
      } catch (error) {
        if (isUniqueViolation(error)) throw errors.conflict("message_exists", "A message with this id already exists");
        throw error;
      }
    },

    async beginFirstTurn(session, question, reply) {
      // One statement, one round trip and one commit: a chat without a session id is the
      // common first request, and every round trip here delays its first token.
      const counts = postingsOf(question.content, session.title);
      try {
        const result = await sql.query<MessageRow>(
          `WITH created AS (
             INSERT INTO ${sessions} (id, tenant_id, created_at, last_accessed, expires_at, metadata, next_sequence, title, last_activity_at, active_leaf_id, search_terms)
             VALUES ($1, $2, $3, $3, $4, '{}'::jsonb, 3, $9, $3, $8, $10::int)
             RETURNING id, tenant_id
           ),
           posted AS (${addPostings("created", 11, "true")})
           INSERT INTO ${messages} (id, session_id, sequence, role, content, created_at, token_usage, status,
             model, sources, error_code, finish_reason, content_tokens, parent_message_id)
           SELECT turn.id, created.id, turn.sequence, turn.role, turn.content, $3, NULL,
             turn.status, '', '[]'::jsonb, '', '', turn.tokens, turn.parent
           FROM created,
             (VALUES (1, $5::uuid, 'user', $6::text, 'complete', $7::int, NULL::uuid),
                     (2, $8::uuid, 'assistant', '', 'streaming', 0, $5::uuid)) AS turn(sequence, id, role, content, status, tokens, parent)
           RETURNING ${MESSAGE_COLUMNS}`,
          [
            session.id,
            session.tenantId,
            session.createdAt,
            session.expiresAt,
            question.id,
            question.content,
            question.contentTokens,
            reply.id,
            session.title,
            counts.length,
            ...postingParams(counts),
          ],
        );
        const stored = result.rows.map(toMessageRecord);
        const asked = stored.find((message) => message.role === "user");
        const reserved = stored.find((message) => message.role === "assistant");
        if (!asked || !reserved) throw new Error("the first turn was not stored");
        return { question: asked, reply: reserved };
      } catch (error) {
        if (isUniqueViolation(error)) throw errors.conflict("message_exists", "A message with this id already exists");
        throw error;
      }
    },

    async searchSessions(tenantId, userId, now, terms, limit) {
      // BM25 over sessions: a session is one document of its listed messages, its title's
      // terms counted TITLE_WEIGHT times. N and the average length are the tenant's live
      // sessions'; a term's document frequency counts the tenant's postings (expired sessions
      // not yet swept included: one index-only count, a negligible difference).
      const stats = await sql.query<{ term: string; with_term: number; sessions: number; average_terms: number }>(
        `WITH live AS (
           SELECT count(*)::int AS sessions, COALESCE(avg(search_terms), 0)::float8 AS average_terms
           FROM ${sessions} WHERE tenant_id = $1 AND expires_at > $2
         )
         SELECT q.term, (SELECT count(*) FROM ${sessionTerms} p WHERE p.tenant_id = $1 AND p.term = q.term)::int AS with_term, live.sessions, live.average_terms
         FROM unnest($3::text[]) AS q(term), live`,
        [tenantId, now, terms],
      );
      const termWeights = new Map<string, number>();
      let averageTerms = 1;
      for (const row of stats.rows) {
        averageTerms = Math.max(1, Number(row.average_terms));
        if (Number(row.with_term) > 0) termWeights.set(row.term, inverseDocumentFrequency(Number(row.sessions), Number(row.with_term)));
      }
      if (termWeights.size === 0) return { sessions: [], termWeights };
      // Reads only postings of the query's terms, one row a session and term, from
      // session_terms_tenant_term_idx alone; the sessions they name give liveness, owner and
      // length. Tenant-wide, at most POSTINGS_PER_TERM of each term's postings are read, where
      // the term occurs most (a term in every session would otherwise cost a row per session).
      // One owner's search reads them all and keeps the owner's sessions: exact. (Probing each
      // of the owner's sessions by primary key instead reads the table: slower, measured.)
      const postings =
        userId === null
          ? `unnest($3::text[], $4::float8[]) AS q(term, idf)
             CROSS JOIN LATERAL (
               SELECT session_id, message_count, title_count FROM ${sessionTerms}
               WHERE tenant_id = $1 AND term = q.term
               ORDER BY message_count + title_count DESC
               LIMIT $11::int
             ) p
             JOIN ${sessions} s ON s.id = p.session_id`
          : `unnest($3::text[], $4::float8[]) AS q(term, idf)
             JOIN ${sessionTerms} p ON p.tenant_id = $1 AND p.term = q.term
             JOIN ${sessions} s ON s.id = p.session_id`;
      const result = await sql.query<SessionRow & { score: number }>(
        `WITH scored AS (
           SELECT s.id, sum(q.idf * (f.count * ($6::float8 + 1)) / (f.count + $6::float8 * (1 - $7::float8 + $7::float8 * s.search_terms / $5::float8)))::float8 AS score
           FROM ${postings}
           CROSS JOIN LATERAL (SELECT (p.message_count + $8::int * p.title_count)::float8 AS count) f
           WHERE s.tenant_id = $1 AND s.expires_at > $2 AND ($9::text IS NULL OR s.user_id = $9::text)
           GROUP BY s.id
         )
         SELECT ${SESSION_COLUMNS.split(", ")
           .map((column) => `s.${column}`)
           .join(", ")}, scored.score
         FROM scored JOIN ${sessions} s ON s.id = scored.id
         ORDER BY scored.score DESC, s.last_activity_at DESC, s.id DESC
         LIMIT $10::int`,
        [
          tenantId,
          now,
          [...termWeights.keys()],
          [...termWeights.values()],
          averageTerms,
          BM25.k1,
          BM25.b,
          TITLE_WEIGHT,
          userId,
          limit,
          ...(userId === null ? [POSTINGS_PER_TERM] : []),
        ],
      );
      return { sessions: result.rows.map((row) => ({ session: toSessionRecord(row), score: Number(row.score) })), termWeights };
    },

    async searchCandidates(sessionIds, termWeights, perSession) {
      if (sessionIds.length === 0 || termWeights.size === 0) return [];
      // A substring test on the lower-cased text finds the messages holding a term as written
      // (Hangul has no case; NFKC-only variants are missed, and the snippet falls back). Each
      // message weighs the IDF of the terms it holds; the heaviest (newest on ties) of each
      // session are sent, so the snippet is chosen among a few messages, not all.
      const patterns = [...termWeights.keys()].map((term) => `%${term.replace(/[\\%_]/g, (character) => `\\${character}`)}%`);
      const result = await sql.query<{ session_id: string; id: string; content: string }>(
        `SELECT session_id, id, content FROM (
           SELECT m.session_id, m.id, m.content,
             row_number() OVER (PARTITION BY m.session_id ORDER BY held.weight DESC, m.sequence DESC) AS place
           FROM ${messages} m
           CROSS JOIN LATERAL (
             SELECT COALESCE(sum(q.weight), 0) AS weight FROM unnest($2::text[], $3::float8[]) AS q(pattern, weight) WHERE lower(m.content) LIKE q.pattern
           ) held
           WHERE m.session_id = ANY($1::uuid[]) AND m.status IN ('complete', 'interrupted') AND held.weight > 0
         ) AS matching
         WHERE place <= $4::int
         ORDER BY session_id, place`,
        [sessionIds, patterns, [...termWeights.values()], perSession],
      );
      return result.rows.map((row): CandidateMessage => ({ sessionId: row.session_id, messageId: row.id, content: row.content }));
    },

    async indexUnsearchedSessions(batchSize) {
      return sql.transaction(async (tx) => {
        // The row locks hold off appends, finalizes and title changes of these sessions until
        // their postings are rebuilt from what is committed; any postings such a write added
        // before are replaced, not added to.
        const pending = await tx.query<{ id: string; tenant_id: string; title: string | null }>(
          `SELECT id, tenant_id, title FROM ${sessions} WHERE NOT search_indexed ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [batchSize],
        );
        if (pending.rows.length === 0) return 0;
        const ids = pending.rows.map((row) => row.id);
        const listed = await tx.query<{ session_id: string; content: string }>(
          `SELECT session_id, content FROM ${messages} WHERE session_id = ANY($1::uuid[]) AND status IN ('complete', 'interrupted')`,
          [ids],
        );
        const texts = new Map<string, string[]>();
        for (const row of listed.rows) texts.set(row.session_id, [...(texts.get(row.session_id) ?? []), row.content]);
        const rows = { sessionIds: [] as string[], tenantIds: [] as string[], terms: [] as string[], messageCounts: [] as number[], titleCounts: [] as number[] };
        const lengths: number[] = [];
        for (const session of pending.rows) {
          // Messages one by one, so no term spans two of them; the title once.
          const merged = new Map<string, [number, number]>();
          let length = 0;
          const add = (counts: TermCounts, field: 0 | 1) =>
            counts.terms.forEach((term, index) => {
              const entry = merged.get(term) ?? [0, 0];
              entry[field] += field === 0 ? counts.messageCounts[index]! : counts.titleCounts[index]!;
              merged.set(term, entry);
            });
          for (const content of texts.get(session.id) ?? []) {
            const counts = postingsOf(content, null);
            length += counts.length;
            add(counts, 0);
          }
          add(postingsOf(null, session.title), 1);
          lengths.push(length);
          for (const [term, [messageCount, titleCount]] of merged) {
            rows.sessionIds.push(session.id);
            rows.tenantIds.push(session.tenant_id);
            rows.terms.push(term);
            rows.messageCounts.push(messageCount);
            rows.titleCounts.push(titleCount);
          }
        }
        await tx.query(`DELETE FROM ${sessionTerms} WHERE session_id = ANY($1::uuid[])`, [ids]);
        await tx.query(
          `INSERT INTO ${sessionTerms} (session_id, tenant_id, term, message_count, title_count)
           SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[], $5::int[])`,
          [rows.sessionIds, rows.tenantIds, rows.terms, rows.messageCounts, rows.titleCounts],
        );
        await tx.query(
          `UPDATE ${sessions} AS s SET search_terms = x.length, search_indexed = true
           FROM unnest($1::uuid[], $2::int[]) AS x(id, length) WHERE s.id = x.id`,
          [ids, lengths],
        );
        return ids.length;
      });
    },

    async deleteExpiredSessions(now, batchSize) {
      // SKIP LOCKED: a session being appended to right now is left for the next round
      // instead of making the sweeper (and then that request) wait on its lock.
      const result = await sql.query(
        `DELETE FROM ${sessions} WHERE id IN (
           SELECT id FROM ${sessions} WHERE expires_at <= $1
           ORDER BY expires_at
           LIMIT $2
           FOR UPDATE SKIP LOCKED
         )`,
        [now, batchSize],
      );
      return result.rowCount;
    },

    async failAbandonedReplies(reservedBefore, errorCode, batchSize) {
      const result = await sql.query(
        `UPDATE ${messages} SET status = 'failed', error_code = $2 WHERE id IN (
           SELECT id FROM ${messages} WHERE status = 'streaming' AND created_at <= $1
           ORDER BY created_at
           LIMIT $3
           FOR UPDATE SKIP LOCKED
         )`,
        [reservedBefore, errorCode, batchSize],
      );
      return result.rowCount;
    },
  } satisfies SessionStore;
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === UNIQUE_VIOLATION;
}
