import type { ChatSource, ChatUsage } from "./chat.types";

/** The first event of a reply's stream: its message, and its session (null for a stateless turn). */
export interface ChatStartedEvent {
  session_id: string | null;
  message_id: string;
}

/** The passages the reply may cite; sent when retrieval ran. */
export interface ChatSourcesEvent {
  sources: ChatSource[];
}

/** One delta of the reply's text. */
export interface ChatChunkEvent {
  chunk: string;
}

/** The last event of a reply that ended (complete, cut at its length, or stopped). */
export interface ChatDoneEvent {
  done: true;
  message_id: string;
  /** "stop", "length", or "interrupted" when stopped. */
  finish_reason: string;
  usage: ChatUsage | null;
  model: string;
}

/** The last event of a reply that failed, or whose generating instance went away (`generation_lost`). */
export interface ChatErrorEvent {
  error: { code: string; message: string };
}

/**
 * The events of a chat stream, each sent as one JSON `data:` line; told apart by the key
 * each carries (`session_id`/`message_id`, `sources`, `chunk`, `done`, `error`).
 */
export type ChatStreamEvent = ChatStartedEvent | ChatSourcesEvent | ChatChunkEvent | ChatDoneEvent | ChatErrorEvent;

/** The events that end a chat stream. */
export type ChatTerminalEvent = ChatDoneEvent | ChatErrorEvent;
