import type { FeedbackRating } from "@chatbot/core";
import type {
  Feedback,
  FinishReason,
  JsonObject,
  ListedMessage,
  MessageRecord,
  MessageRole,
  MessageStatus,
  NewMessage,
  SessionRecord,
  Source,
  TokenUsage,
} from "../domain/session.types";

/** Columns as both drivers return them: timestamptz as Date, jsonb parsed, integer as number. */
export interface SessionRow {
  id: string;
  tenant_id: string;
  created_at: Date;
  last_accessed: Date;
  expires_at: Date;
  metadata: JsonObject;
  user_id: string | null;
  title: string | null;
  last_activity_at: Date;
  active_leaf_id: string | null;
}

export interface MessageRow {
  id: string;
  session_id: string;
  sequence: number;
  role: string;
  content: string;
  created_at: Date;
  token_usage: TokenUsage | null;
  status: string;
  model: string;
  sources: Source[];
  error_code: string;
  finish_reason: string;
  content_tokens: number;
  parent_message_id: string | null;
  provider: string;
  /** Present where the query joins the message's feedback (null when it has none). */
  feedback_rating?: string | null;
  feedback_comment?: string | null;
  feedback_updated_at?: Date | string | null;
}

export function toSessionRecord(row: SessionRow): SessionRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    createdAt: new Date(row.created_at),
    lastAccessed: new Date(row.last_accessed),
    expiresAt: new Date(row.expires_at),
    metadata: row.metadata,
    userId: row.user_id,
    title: row.title,
    lastActivityAt: new Date(row.last_activity_at),
    activeLeafId: row.active_leaf_id,
  };
}

export function toMessageRecord(row: MessageRow): MessageRecord {
  return {
    id: row.id,
    sessionId: row.session_id,
    sequence: Number(row.sequence),
    // The table's CHECK constraints keep these within their unions.
    role: row.role as MessageRole,
    content: row.content,
    createdAt: new Date(row.created_at),
    tokenUsage: row.token_usage,
    status: row.status as MessageStatus,
    model: row.model,
    sources: row.sources,
    errorCode: row.error_code,
    finishReason: row.finish_reason as FinishReason,
    contentTokens: Number(row.content_tokens),
    parentId: row.parent_message_id,
    provider: row.provider,
    feedback: feedbackOf(row),
  };
}

/** The feedback columns a query joined, when the message has a rating. */
function feedbackOf(row: MessageRow): Feedback | null {
  if (!row.feedback_rating || !row.feedback_updated_at) return null;
  return {
    // The table's CHECK constraint keeps the rating within its union.
    rating: row.feedback_rating as FeedbackRating,
    comment: row.feedback_comment ?? "",
    updatedAt: new Date(row.feedback_updated_at),
  };
}

export function toListedMessage(row: MessageRow & { sibling_ids: string[] }): ListedMessage {
  return { ...toMessageRecord(row), siblingIds: row.sibling_ids };
}

/** The record of a message just inserted as `message`, given the sequence the database assigned it. */
export function storedMessage(message: NewMessage, sessionId: string, sequence: number, createdAt: Date, parentId: string | null): MessageRecord {
  return {
    id: message.id,
    sessionId,
    sequence,
    role: message.role,
    content: message.content,
    createdAt,
    tokenUsage: message.tokenUsage,
    status: message.status,
    model: message.model,
    sources: message.sources,
    errorCode: message.errorCode,
    finishReason: message.finishReason,
    contentTokens: message.contentTokens,
    parentId,
    provider: "",
    feedback: null,
  };
}
