import type { AppError } from "@chatbot/core";
import type { sessionV1 } from "@chatbot/grpc";
import type { PromptHistory } from "./prompt-builder";

export interface ChatRequest {
  tenantId: string;
  requestId: string;
  /** Absent: a new session is created. */
  sessionId?: string;
  /** The question; "" when regenerating (the stored question is answered again). */
  message: string;
  /**
   * Where the question goes in the session's tree (needs `sessionId`): absent, after the
   * active leaf; null, a new root (editing the first question); an id, under that message
   * (editing or re-asking a question names that question's parent).
   */
  parentMessageId?: string | null;
  /** An assistant message of the session to answer again, as its sibling; no question is stored. */
  regenerateMessageId?: string;
  maxNewTokens: number;
  temperature: number;
  /** false: greedy decoding; llm-proxy then sends temperature 0 whatever `temperature` says. */
  doSample: boolean;
  topP?: number;
  stop: string[];
  /** Absent: search when the tenant has indexed documents. */
  useRag?: boolean;
  /** Passages to retrieve. */
  k: number;
  filters: { document_ids?: string[] | undefined; sources?: string[] | undefined };
  /** Whose token quota the reply's usage is charged to; absent: nobody's. */
  quotaSubject?: string;
  /**
   * Client-held context: the whole conversation the reply continues, oldest first, normally
   * ending with `message`. Present: the turn is stateless (`sessionId` is ignored): no session
   * is read or written and nothing is stored.
   */
  conversation?: PromptHistory;
  /**
   * A stateless turn's conversation goes to the LLM as the client wrote it, its own system
   * messages in place of SYSTEM_PROMPT and untrimmed; retrieved passages are added to its
   * first system message. Otherwise (false) it is sent as a session's history would be.
   */
  asWritten?: boolean;
  /** System instructions for this turn only, after SYSTEM_PROMPT; never stored. */
  instructions?: string;
}

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

/** A cited passage as the public API names it: session.v1.Source's fields, but no page is null (0 on the wire). */
export type ChatSource = Omit<sessionV1.Source, "page"> & { page: number | null };

export interface ChatResult {
  /** Null for a stateless turn. */
  sessionId: string | null;
  messageId: string;
  status: "complete" | "interrupted" | "failed";
  content: string;
  createdAt: string;
  model: string;
  /** "stop" | "length" | "interrupted" */
  finishReason: string;
  usage: ChatUsage | null;
  sources: ChatSource[];
  /** Retrieval ran (its `sources` may still be empty). */
  searched: boolean;
  /** The LLM provider that answered (after fallbacks), "" when none did. */
  provider: string;
  error?: AppError;
}

export interface ChatStarted {
  /** Null for a stateless turn. */
  sessionId: string | null;
  messageId: string;
  /** Settles when the reply is stored, whatever happens to the client's connection. */
  done: Promise<ChatResult>;
}
