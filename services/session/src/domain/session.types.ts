/** Records as the domain sees them: no SQL, no protobuf. */
import type { FeedbackRating } from "@chatbot/core";
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
  /** The newest message of the branch new turns continue; null before the first message. */
  activeLeafId: string | null;
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
  /** The message this one follows (a message of the same session); null for a first message. */
  parentId: string | null;
  /** The LLM provider that generated it, as reported when it was finalized; "" when unknown. */
  provider: string;
  /** The tenant's rating of this (assistant) message; null when none (or not read with it). */
  feedback: Feedback | null;
}

export interface Feedback {
  rating: FeedbackRating;
  /** "" when none was given. */
  comment: string;
  updatedAt: Date;
}

/** Where a feedback listing continues: after this row in (updatedAt, messageId) descending order. */
export interface FeedbackPosition {
  updatedAt: Date;
  messageId: string;
}

/** A rated answer with the user message it answered: its parent, when a user message (else null). */
export interface RatedAnswer {
  answer: MessageRecord & { feedback: Feedback };
  question: MessageRecord | null;
}

/** A message as a listing shows it: with the ids of the messages beside it in the tree. */
export interface ListedMessage extends MessageRecord {
  /** Listed messages with the same parent, this one included, oldest first. */
  siblingIds: string[];
}

/**
 * Where a new message goes in a session's tree: after the active leaf (what a client that
 * knows nothing of branches gets), or under a given message (null: a new root).
 */
export type MessageAnchor = { kind: "active_leaf" } | { kind: "under"; parentId: string | null };

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

/** A finalized reply's outcome and the provider that generated it ("" when none did). */
export interface FinalOutcome extends MessageOutcome {
  provider: string;
}
