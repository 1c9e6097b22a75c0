import type { sessionV1 } from "@chatbot/grpc";
import type { SessionSearchHit } from "../domain/session-search";
import type { MessageRecord, SessionRecord, Source, TokenUsage } from "../domain/session.types";

type ProtoSession = sessionV1.Session;
type ProtoMessage = sessionV1.Message;

export function toProtoSession(session: SessionRecord, messageCount = 0): ProtoSession {
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

export function toProtoMessage(message: MessageRecord): ProtoMessage {
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
  };
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
