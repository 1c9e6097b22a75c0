import type { sessionV1 } from "@chatbot/grpc";
import { presentFeedback } from "./feedback.presenter";

/** The public JSON of a session; `message_count` and `summary` only where the contract includes them (GET). */
export function presentSession(session: sessionV1.Session, withCount: boolean) {
  return {
    session_id: session.session_id,
    created_at: session.created_at,
    last_accessed: session.last_accessed,
    expires_at: session.expires_at,
    metadata: session.metadata_json ? (JSON.parse(session.metadata_json) as Record<string, unknown>) : {},
    user_id: session.user_id ?? null,
    title: session.title ?? null,
    last_activity_at: session.last_activity_at || session.created_at,
    ...(withCount
      ? {
          message_count: session.message_count,
          summary: session.summary
            ? { content: session.summary.content, through_message_id: session.summary.through_message_id, updated_at: session.summary.updated_at }
            : null,
        }
      : {}),
  };
}

/** One hit of a session search: the session's summary, its score, and the snippet with its marks. */
export function presentSearchHit(hit: sessionV1.SessionSearchHit) {
  const session = hit.session;
  return {
    session_id: session?.session_id ?? "",
    title: session?.title ?? null,
    user_id: session?.user_id ?? null,
    last_activity_at: session ? session.last_activity_at || session.created_at : "",
    score: hit.score,
    snippet: hit.snippet,
    highlights: hit.highlights.map(({ start, end }): [number, number] => [start, end]),
    message_id: hit.message_id ?? null,
  };
}

export function presentMessage(message: sessionV1.Message) {
  return {
    message_id: message.message_id,
    session_id: message.session_id,
    role: message.role,
    content: message.content,
    created_at: message.created_at,
    token_usage: message.token_usage
      ? {
          prompt_tokens: message.token_usage.prompt_tokens,
          completion_tokens: message.token_usage.completion_tokens,
          total_tokens: message.token_usage.total_tokens,
        }
      : null,
    status: message.status,
    sources: message.sources.map((source) => ({
      document_id: source.document_id,
      title: source.title,
      page: source.page > 0 ? source.page : null,
      chunk_index: source.chunk_index,
      snippet: source.snippet,
      score: source.score,
    })),
    model: message.model || null,
    finish_reason: message.finish_reason || null,
    error_code: message.error_code || null,
    parent_message_id: message.parent_message_id ?? null,
    ...(message.sibling_ids.length > 0 ? { sibling_ids: message.sibling_ids } : {}),
    feedback: presentFeedback(message.feedback),
  };
}
