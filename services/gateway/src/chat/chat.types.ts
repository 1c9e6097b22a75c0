import type { AppError } from "@chatbot/core";

export interface ChatRequest {
  tenantId: string;
  requestId: string;
  /** Absent: a new session is created. */
  sessionId?: string;
  message: string;
  maxNewTokens: number;
  temperature: number;
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
}

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface ChatSource {
  document_id: string;
  title: string;
  page: number | null;
  chunk_index: number;
  snippet: string;
  score: number;
}

export interface ChatResult {
  sessionId: string;
  messageId: string;
  status: "complete" | "interrupted" | "failed";
  content: string;
  createdAt: string;
  model: string;
  /** "stop" | "length" | "interrupted" */
  finishReason: string;
  usage: ChatUsage | null;
  sources: ChatSource[];
  /** The LLM provider that answered (after fallbacks), "" when none did. */
  provider: string;
  error?: AppError;
}

export interface ChatStarted {
  sessionId: string;
  messageId: string;
  /** Settles when the reply is stored, whatever happens to the client's connection. */
  done: Promise<ChatResult>;
}
