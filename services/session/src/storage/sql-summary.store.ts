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
 * Running summaries on Postgres or PGlite. "Before a message" is on its path: the message's
 * ancestors, walked up by parent from `$2`'s start (a child is always newer than its parent,
 * so sequence orders a path). A summary made on another branch is never on this path.
 */
export function createSqlSummaryStore(sql: SqlClient, schema: string): SummaryStore {
  const summaries = `${schema}.conversation_summaries`;
  const messages = `${schema}.messages`;
  const sessions = `${schema}.sessions`;
  /**
   * `path`: the messages from `start` upwards, for session $1, ending at the first one a
   * summary was made through (or at the root): the nearest summary is the only one a window
   * uses, so a turn of a long conversation reads its uncovered messages, not its whole history.
   * `start` is SQL naming the first message's id.
   */
  const pathFrom = (start: string) => `path AS (
      SELECT m.id, m.parent_message_id, m.sequence, m.status FROM ${messages} AS m WHERE m.session_id = $1 AND m.id = (${start})
      UNION ALL
      SELECT m.id, m.parent_message_id, m.sequence, m.status FROM ${messages} AS m JOIN path AS p ON m.session_id = $1 AND m.id = p.parent_message_id
      WHERE NOT EXISTS (SELECT 1 FROM ${summaries} AS done WHERE done.session_id = $1 AND done.through_message_id = p.id)
    )`;
  const aboveWindowStart = pathFrom(`SELECT parent_message_id FROM ${messages} WHERE session_id = $1 AND id = $2`);

  return {
    async coverageBefore(sessionId, windowStartId) {
      const result = await sql.query<Partial<SummaryRow> & { uncovered: number }>(
        `WITH RECURSIVE ${aboveWindowStart},
         best AS (
           SELECT s.session_id, s.through_message_id, s.content, s.content_tokens, s.updated_at, p.sequence
           FROM ${summaries} AS s JOIN path AS p ON p.id = s.through_message_id
           WHERE s.session_id = $1
           ORDER BY p.sequence DESC
           LIMIT 1
         )
         SELECT best.session_id, best.through_message_id, best.content, best.content_tokens, best.updated_at,
           (SELECT count(*)::int FROM path AS x
            WHERE x.status IN ('complete', 'interrupted') AND x.sequence > COALESCE((SELECT sequence FROM best), 0)) AS uncovered
         FROM (SELECT 1) AS one LEFT JOIN best ON true`,
        [sessionId, windowStartId],
      );
      const row = result.rows[0];
      const summary = row?.through_message_id ? toSummaryRecord(row as SummaryRow) : null;
      return { summary, uncoveredCount: Number(row?.uncovered ?? 0) };
    },

    async uncoveredMessages(sessionId, afterId, windowStartId, limit) {
      const result = await sql.query<MessageRow>(
        `WITH RECURSIVE ${aboveWindowStart}
         SELECT ${MESSAGE_COLUMNS} FROM path AS p JOIN ${messages} AS m ON m.id = p.id
         WHERE p.status IN ('complete', 'interrupted')
           AND p.sequence > COALESCE((SELECT sequence FROM path WHERE id = $3::uuid), 0)
         ORDER BY p.sequence
         LIMIT $4`,
        [sessionId, windowStartId, afterId, limit],
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
      // The summary nearest the end of the active branch (the one new turns continue).
      const result = await sql.query<SummaryRow>(
        `WITH RECURSIVE ${pathFrom(`SELECT active_leaf_id FROM ${sessions} WHERE id = $1`)}
         SELECT s.session_id, s.through_message_id, s.content, s.content_tokens, s.updated_at
         FROM ${summaries} AS s JOIN path AS p ON p.id = s.through_message_id
         WHERE s.session_id = $1
         ORDER BY p.sequence DESC
         LIMIT 1`,
        [sessionId],
      );
      const row = result.rows[0];
      return row ? toSummaryRecord(row) : null;
    },
  } satisfies SummaryStore;
}
