/** Records as the domain sees them: no SQL, no protobuf. */
import type { SourceFields } from "@chatbot/grpc";

export const MESSAGE_ROLES = ["user", "assistant", "system"] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

/** `streaming` marks an assistant message reserved while it is generated; it is never listed. */
export const MESSAGE_STATUSES = ["complete", "interrupted", "failed", "streaming"] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];
export type FinalStatus = Exclude<MessageStatus, "streaming">;

export const FINISH_REASONS = ["", "stop", "length"] as const;
export type FinishReason = (typeof FINISH_REASONS)[number];

export type JsonObject = Record<string, unknown>;

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** A passage an assistant message cites (session.v1.Source). */
export type Source = SourceFields;

export interface SessionRecord {
  id: string;
  tenantId: string;
  createdAt: Date;
  lastAccessed: Date;
  expiresAt: Date;
  metadata: JsonObject;
  /** The owner the frontend named (per tenant); null when none. */
  userId: string | null;
  /** Given, or taken from the first user message; null until then. */
  title: string | null;
  /** When the last message was appended; the creation time before any. */
  lastActivityAt: Date;
}

/** Where a session listing continues: after this row in (lastActivityAt, id) descending order. */
export interface SessionPosition {
  lastActivityAt: Date;
  id: string;
}

export interface SessionWithCount extends SessionRecord {
  /** Listed messages only (reserved `streaming` ones are not counted). */
  messageCount: number;
}

export interface MessageRecord {
  id: string;
  sessionId: string;
  sequence: number;
  role: MessageRole;
  content: string;
  createdAt: Date;
  tokenUsage: TokenUsage | null;
  status: MessageStatus;
  model: string;
  sources: Source[];
  errorCode: string;
  finishReason: FinishReason;
  /** Tokens of `content`, counted once when it is written. */
  contentTokens: number;
}

/** Everything a generated message carries besides its place in the session. */
export interface MessageOutcome {
  content: string;
  tokenUsage: TokenUsage | null;
  model: string;
  sources: Source[];
  errorCode: string;
  finishReason: FinishReason;
}

export interface NewMessage extends MessageOutcome {
  id: string;
  role: MessageRole;
  status: MessageStatus;
  contentTokens: number;
}
