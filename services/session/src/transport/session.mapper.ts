import type { sessionV1 } from "@chatbot/grpc";
import type { SessionSearchHit } from "../domain/session-search";
import type { Feedback, MessageRecord, RatedAnswer, SessionRecord, Source, TokenUsage } from "../domain/session.types";
import type { SummaryRecord } from "../domain/summary.types";

type ProtoSession = sessionV1.Session;
type ProtoMessage = sessionV1.Message;

export function toProtoSummary(summary: SummaryRecord): sessionV1.ConversationSummary {
  return {
    content: summary.content,
    through_message_id: summary.throughMessageId,
    updated_at: summary.updatedAt.toISOString(),
    token_count: summary.contentTokens,
  };
}

export function toProtoSession(session: SessionRecord, messageCount = 0, summary: SummaryRecord | null = null): ProtoSession {
  return {
    session_id: session.id,
    tenant_id: session.tenantId,
    created_at: session.createdAt.toISOString(),
    last_accessed: session.lastAccessed.toISOString(),
    expires_at: session.expiresAt.toISOString(),
    metadata_json: JSON.stringify(session.metadata),
    message_count: messageCount,
    ...(session.userId !== null ? { user_id: session.userId } : {}),
    ...(session.title !== null ? { title: session.title } : {}),
    last_activity_at: session.lastActivityAt.toISOString(),
    ...(session.activeLeafId !== null ? { active_message_id: session.activeLeafId } : {}),
    ...(summary ? { summary: toProtoSummary(summary) } : {}),
  };
}

export function toProtoSearchHit(hit: SessionSearchHit): sessionV1.SessionSearchHit {
  return {
    session: toProtoSession(hit.session),
    score: hit.score,
    snippet: hit.snippet,
    highlights: hit.highlights.map(({ start, end }) => ({ start, end })),
    ...(hit.messageId !== null ? { message_id: hit.messageId } : {}),
  };
}

/** `siblingIds` only where the message is listed. */
export function toProtoMessage(message: MessageRecord, siblingIds: string[] = []): ProtoMessage {
  return {
    message_id: message.id,
    session_id: message.sessionId,
    sequence: message.sequence,
    role: message.role,
    content: message.content,
    created_at: message.createdAt.toISOString(),
    ...(message.tokenUsage
      ? {
          token_usage: {
            prompt_tokens: message.tokenUsage.promptTokens,
            completion_tokens: message.tokenUsage.completionTokens,
            total_tokens: message.tokenUsage.totalTokens,
          },
        }
      : {}),
    status: message.status,
    model: message.model,
    sources: message.sources.map((source) => ({
      document_id: source.documentId,
      title: source.title,
      page: source.page,
      chunk_index: source.chunkIndex,
      snippet: source.snippet,
      score: source.score,
    })),
    error_code: message.errorCode,
    finish_reason: message.finishReason,
    ...(message.parentId !== null ? { parent_message_id: message.parentId } : {}),
    sibling_ids: siblingIds,
    ...(message.feedback ? { feedback: toProtoFeedback(message.feedback) } : {}),
    provider: message.provider,
  };
}

export function toProtoFeedback(feedback: Feedback): sessionV1.Feedback {
  return { rating: feedback.rating, comment: feedback.comment, updated_at: feedback.updatedAt.toISOString() };
}

export function toProtoFeedbackItem(item: RatedAnswer): sessionV1.FeedbackItem {
  return { answer: toProtoMessage(item.answer), ...(item.question ? { question: toProtoMessage(item.question) } : {}) };
}

export function fromProtoUsage(usage: sessionV1.TokenUsage | null | undefined): TokenUsage | null {
  if (!usage) return null;
  return {
    promptTokens: usage.prompt_tokens,
    completionTokens: usage.completion_tokens,
    totalTokens: usage.total_tokens,
  };
}

export function fromProtoSources(sources: sessionV1.Source[]): Source[] {
  return sources.map((source) => ({
    documentId: source.document_id,
    title: source.title,
    page: source.page,
    chunkIndex: source.chunk_index,
    snippet: source.snippet,
    score: source.score,
  }));
}
