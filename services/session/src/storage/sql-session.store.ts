import { errors, type FeedbackRating } from "@chatbot/core";
import type { SqlClient } from "@chatbot/sql";
import type { SessionStore } from "../domain/session.store";
import type { Feedback } from "../domain/session.types";
import { storedMessage, toMessageRecord, toSessionRecord, type MessageRow, type SessionRow } from "./session.rows";

const UNIQUE_VIOLATION = "23505";

const MESSAGE_COLUMN_NAMES = [
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
  "provider",
];
const MESSAGE_COLUMNS = MESSAGE_COLUMN_NAMES.join(", ");

/** A message's columns read through `alias`, with its feedback's from `feedback` (a LEFT JOIN of message_feedback). */
const ratedMessageColumns = (alias: string, feedback: string) =>
  `${MESSAGE_COLUMN_NAMES.map((column) => `${alias}.${column}`).join(", ")},
   ${feedback}.rating AS feedback_rating, ${feedback}.comment AS feedback_comment, ${feedback}.updated_at AS feedback_updated_at`;

const SESSION_COLUMNS = "id, tenant_id, created_at, last_accessed, expires_at, metadata, user_id, title, last_activity_at";

/** Sessions and messages on Postgres or PGlite, in the schema the service owns. */
export function createSqlSessionStore(sql: SqlClient, schema: string): SessionStore {
  const sessions = `${schema}.sessions`;
  const messages = `${schema}.messages`;
  const feedback = `${schema}.message_feedback`;

  return {
    async insertSession(session) {
      await sql.query(
        `INSERT INTO ${sessions} (id, tenant_id, created_at, last_accessed, expires_at, metadata, user_id, title, last_activity_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, $9)`,
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
      const result = await sql.query<SessionRow>(
        `UPDATE ${sessions} SET title = $5, last_accessed = $3, expires_at = $4
         WHERE tenant_id = $1 AND id = $2 AND expires_at > $3
         RETURNING ${SESSION_COLUMNS}`,
        [tenantId, sessionId, now, expiresAt, title],
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

    async appendMessage(tenantId, sessionId, now, expiresAt, message, autoTitle) {
      try {
        // One statement: the UPDATE's row lock orders concurrent appends to a session and
        // hands out the next sequence; if the INSERT fails the whole statement rolls back.
        // Only the sequence comes back: the rest of the row is what was just written.
        const inserted = await sql.query<{ sequence: number }>(
          `WITH claimed AS (
             UPDATE ${sessions}
             SET next_sequence = next_sequence + 1, last_accessed = $3, expires_at = $4, last_activity_at = $3,
               title = COALESCE(title, $15::text)
             WHERE tenant_id = $1 AND id = $2 AND expires_at > $3
             RETURNING next_sequence - 1 AS sequence
           )
           INSERT INTO ${messages} (id, session_id, sequence, role, content, created_at, token_usage, status,
             model, sources, error_code, finish_reason, content_tokens)
           SELECT $5, $2, claimed.sequence, $6, $7, $3, $8::jsonb, $9, $10, $11::jsonb, $12, $13, $14 FROM claimed
           RETURNING sequence`,
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
          ],
        );
        const row = inserted.rows[0];
        return row ? storedMessage(message, sessionId, Number(row.sequence), now) : null;
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
      // One query: each rated answer with the closest user message before it in its session
      // (as JSON, read back like any message row).
      const result = await sql.query<MessageRow & { question: MessageRow | null }>(
        `SELECT ${ratedMessageColumns("a", "f")}, to_jsonb(q) AS question
         FROM ${feedback} AS f
         JOIN ${messages} AS a ON a.id = f.message_id
         JOIN ${sessions} AS s ON s.id = a.session_id AND s.tenant_id = f.tenant_id
         LEFT JOIN LATERAL (
           SELECT ${MESSAGE_COLUMNS} FROM ${messages} AS earlier
           WHERE earlier.session_id = a.session_id AND earlier.sequence < a.sequence AND earlier.role = 'user'
           ORDER BY earlier.sequence DESC
           LIMIT 1
         ) AS q ON true
         WHERE f.tenant_id = $1 AND s.expires_at > $2 AND ($3::text IS NULL OR f.rating = $3::text)
           AND ($5::timestamptz IS NULL OR (f.updated_at, f.message_id) < ($5::timestamptz, $6::uuid))
         ORDER BY f.updated_at DESC, f.message_id DESC
         LIMIT $4`,
        [tenantId, now, rating, limit, after?.updatedAt ?? null, after?.messageId ?? null],
      );
      return result.rows.map(({ question, ...answer }) => {
        const record = toMessageRecord(answer);
        if (!record.feedback) throw new Error("a listed rating has no feedback");
        return { answer: { ...record, feedback: record.feedback }, question: question ? toMessageRecord(question) : null };
      });
    },

    async listMessages(sessionId, limit, beforeSequence) {
      const result = await sql.query<MessageRow>(
        `SELECT ${ratedMessageColumns("m", "f")} FROM ${messages} AS m LEFT JOIN ${feedback} AS f ON f.message_id = m.id
         WHERE m.session_id = $1 AND m.status <> 'streaming' AND ($3::int IS NULL OR m.sequence < $3::int)
         ORDER BY m.sequence DESC
         LIMIT $2`,
        [sessionId, limit, beforeSequence],
      );
      return result.rows.map(toMessageRecord);
    },

    async finalizeMessage(sessionId, messageId, status, outcome, contentTokens) {
      const result = await sql.query<MessageRow>(
        `UPDATE ${messages}
         SET status = $3, content = $4, token_usage = $5::jsonb, model = $6, sources = $7::jsonb,
             error_code = $8, finish_reason = $9, content_tokens = $10, provider = $11
         WHERE session_id = $1 AND id = $2 AND status = 'streaming'
         RETURNING ${MESSAGE_COLUMNS}`,
        [
          sessionId,
          messageId,
          status,
          outcome.content,
          outcome.tokenUsage === null ? null : JSON.stringify(outcome.tokenUsage),
          outcome.model,
          JSON.stringify(outcome.sources),
          outcome.errorCode,
          outcome.finishReason,
          contentTokens,
          outcome.provider,
        ],
      );
      const row = result.rows[0];
      return row ? toMessageRecord(row) : null;
    },

    async recentContextMessages(sessionId, limit) {
      const result = await sql.query<MessageRow>(
        `SELECT ${MESSAGE_COLUMNS} FROM ${messages}
         WHERE session_id = $1 AND status IN ('complete', 'interrupted')
         ORDER BY sequence DESC
         LIMIT $2`,
        [sessionId, limit],
      );
      return result.rows.map(toMessageRecord);
    },

    async beginTurn(tenantId, sessionId, now, expiresAt, question, reply, historyLimit, autoTitle) {
      // History is read from the statement's snapshot, so it holds only the messages that
      // were there before this turn; the two new rows come back from the INSERT.
      try {
        const result = await sql.query<MessageRow & { part: string }>(
          `WITH claimed AS (
             UPDATE ${sessions}
             SET next_sequence = next_sequence + 2, last_accessed = $3, expires_at = $4, last_activity_at = $3,
               title = COALESCE(title, $10::text)
             WHERE tenant_id = $1 AND id = $2 AND expires_at > $3
             RETURNING id, next_sequence - 2 AS sequence
           ),
           inserted AS (
             INSERT INTO ${messages} (id, session_id, sequence, role, content, created_at, token_usage, status,
               model, sources, error_code, finish_reason, content_tokens)
             SELECT turn.id, claimed.id, claimed.sequence + turn.position, turn.role, turn.content, $3, NULL,
               turn.status, '', '[]'::jsonb, '', '', turn.tokens
             FROM claimed,
               (VALUES (0, $5::uuid, 'user', $6::text, 'complete', $7::int),
                       (1, $8::uuid, 'assistant', '', 'streaming', 0)) AS turn(position, id, role, content, status, tokens)
             RETURNING ${MESSAGE_COLUMNS}
           ),
           history AS (
             SELECT ${MESSAGE_COLUMNS} FROM ${messages}
             WHERE session_id = (SELECT id FROM claimed) AND status IN ('complete', 'interrupted')
             ORDER BY sequence DESC
             LIMIT $9
           )
           SELECT 'turn' AS part, * FROM inserted
           UNION ALL
           SELECT 'history' AS part, * FROM history`,
          [tenantId, sessionId, now, expiresAt, question.id, question.content, question.contentTokens, reply.id, historyLimit, autoTitle],
        );
        const turn = result.rows.filter((row) => row.part === "turn").map(toMessageRecord);
        const asked = turn.find((message) => message.role === "user");
        const reserved = turn.find((message) => message.role === "assistant");
        if (!asked || !reserved) return null;
        const history = result.rows
          .filter((row) => row.part === "history")
          .map(toMessageRecord)
          .sort((a, b) => b.sequence - a.sequence);
        return { question: asked, reply: reserved, history };
      } catch (error) {
        if (isUniqueViolation(error)) throw errors.conflict("message_exists", "A message with this id already exists");
        throw error;
      }
    },

    async beginFirstTurn(session, question, reply) {
      // One statement, one round trip and one commit: a chat without a session id is the
      // common first request, and every round trip here delays its first token.
      try {
        const result = await sql.query<MessageRow>(
          `WITH created AS (
             INSERT INTO ${sessions} (id, tenant_id, created_at, last_accessed, expires_at, metadata, next_sequence, title, last_activity_at)
             VALUES ($1, $2, $3, $3, $4, '{}'::jsonb, 3, $9, $3)
             RETURNING id
           )
           INSERT INTO ${messages} (id, session_id, sequence, role, content, created_at, token_usage, status,
             model, sources, error_code, finish_reason, content_tokens)
           SELECT turn.id, created.id, turn.sequence, turn.role, turn.content, $3, NULL,
             turn.status, '', '[]'::jsonb, '', '', turn.tokens
           FROM created,
             (VALUES (1, $5::uuid, 'user', $6::text, 'complete', $7::int),
                     (2, $8::uuid, 'assistant', '', 'streaming', 0)) AS turn(sequence, id, role, content, status, tokens)
           RETURNING ${MESSAGE_COLUMNS}`,
          [session.id, session.tenantId, session.createdAt, session.expiresAt, question.id, question.content, question.contentTokens, reply.id, session.title],
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
