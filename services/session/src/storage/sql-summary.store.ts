import type { SqlClient } from "@chatbot/sql";
import type { SummaryStore } from "../domain/summary.store";
import type { SummaryRecord } from "../domain/summary.types";
import { toMessageRecord, type MessageRow } from "./session.rows";

interface SummaryRow {
  session_id: string;
  through_message_id: string;
  content: string;
  content_tokens: number;
  updated_at: Date;
}

const MESSAGE_COLUMNS = `m.id, m.session_id, m.sequence, m.role, m.content, m.created_at, m.token_usage, m.status, m.model,
  m.sources, m.error_code, m.finish_reason, m.content_tokens`;

function toSummaryRecord(row: SummaryRow): SummaryRecord {
  return {
    sessionId: row.session_id,
    throughMessageId: row.through_message_id,
    content: row.content,
    contentTokens: Number(row.content_tokens),
    updatedAt: new Date(row.updated_at),
  };
}

/**
 * Running summaries on Postgres or PGlite. "Before" is by sequence: in a conversation without
 * branches a message's path is every message before it.
 */
export function createSqlSummaryStore(sql: SqlClient, schema: string): SummaryStore {
  const summaries = `${schema}.conversation_summaries`;
  const messages = `${schema}.messages`;

  return {
    async coverageBefore(sessionId, windowStartId) {
      const result = await sql.query<Partial<SummaryRow> & { uncovered: number }>(
        `WITH boundary AS (
           SELECT sequence FROM ${messages} WHERE session_id = $1 AND id = $2
         ),
         best AS (
           SELECT s.session_id, s.through_message_id, s.content, s.content_tokens, s.updated_at, m.sequence
           FROM ${summaries} AS s JOIN ${messages} AS m ON m.id = s.through_message_id
           WHERE s.session_id = $1 AND m.sequence < (SELECT sequence FROM boundary)
           ORDER BY m.sequence DESC
           LIMIT 1
         )
         SELECT best.session_id, best.through_message_id, best.content, best.content_tokens, best.updated_at,
           (SELECT count(*)::int FROM ${messages} AS x
            WHERE x.session_id = $1 AND x.status IN ('complete', 'interrupted')
              AND x.sequence < (SELECT sequence FROM boundary)
              AND x.sequence > COALESCE((SELECT sequence FROM best), 0)) AS uncovered
         FROM (SELECT 1) AS one LEFT JOIN best ON true`,
        [sessionId, windowStartId],
      );
      const row = result.rows[0];
      const summary = row?.through_message_id ? toSummaryRecord(row as SummaryRow) : null;
      return { summary, uncoveredCount: Number(row?.uncovered ?? 0) };
    },

    async uncoveredMessages(sessionId, afterId, windowStartId, limit) {
      const result = await sql.query<MessageRow>(
        `SELECT ${MESSAGE_COLUMNS} FROM ${messages} AS m
         WHERE m.session_id = $1 AND m.status IN ('complete', 'interrupted')
           AND m.sequence < (SELECT sequence FROM ${messages} WHERE session_id = $1 AND id = $3)
           AND m.sequence > COALESCE((SELECT sequence FROM ${messages} WHERE session_id = $1 AND id = $2::uuid), 0)
         ORDER BY m.sequence
         LIMIT $4`,
        [sessionId, afterId, windowStartId, limit],
      );
      return result.rows.map(toMessageRecord);
    },

    async saveSummary(summary) {
      const result = await sql.query<SummaryRow>(
        `INSERT INTO ${summaries} (session_id, through_message_id, content, content_tokens, updated_at)
         SELECT $1, $2, $3, $4, $5
         WHERE EXISTS (SELECT 1 FROM ${messages} WHERE session_id = $1 AND id = $2)
         ON CONFLICT (session_id, through_message_id)
         DO UPDATE SET content = excluded.content, content_tokens = excluded.content_tokens, updated_at = excluded.updated_at
         RETURNING session_id, through_message_id, content, content_tokens, updated_at`,
        [summary.sessionId, summary.throughMessageId, summary.content, summary.contentTokens, summary.updatedAt],
      );
      const row = result.rows[0];
      return row ? toSummaryRecord(row) : null;
    },

    async latestSummary(sessionId) {
      const result = await sql.query<SummaryRow>(
        `SELECT s.session_id, s.through_message_id, s.content, s.content_tokens, s.updated_at
         FROM ${summaries} AS s JOIN ${messages} AS m ON m.id = s.through_message_id
         WHERE s.session_id = $1
         ORDER BY m.sequence DESC
         LIMIT 1`,
        [sessionId],
      );
      const row = result.rows[0];
      return row ? toSummaryRecord(row) : null;
    },
  } satisfies SummaryStore;
}
