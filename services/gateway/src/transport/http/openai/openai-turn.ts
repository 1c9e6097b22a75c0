import { MESSAGE_MAX_CHARACTERS, UNSTORABLE_TEXT_MESSAGE, errors, isStorableText, type FieldIssue } from "@chatbot/core";
import type { ChatRequest } from "../../../domain/chat/chat.types";
import type { PromptHistory } from "../../../domain/chat/prompt-builder";

/** What an OpenAI request asks of the chat engine, whichever API it came through. */
export interface OpenAiTurn {
  /** The conversation, oldest first, roles already ours (`developer` is `system`). */
  messages: { role: "system" | "user" | "assistant"; content: string; field: string }[];
  temperature?: number | null | undefined;
  topP?: number | null | undefined;
  maxTokens?: number | null | undefined;
  stop?: string | string[] | null | undefined;
  sessionId?: string | null | undefined;
  useRag?: boolean | null | undefined;
  k?: number | null | undefined;
  filters?: { document_ids?: string[] | undefined; sources?: string[] | undefined } | null | undefined;
}

export interface TurnDefaults {
  maxNewTokens: number;
  temperature: number;
  k: number;
}

/** The text of an OpenAI message's content: a string, or its text parts joined. */
export function textOf(content: string | { text?: string | undefined }[] | null | undefined): string {
  if (content === null || content === undefined) return "";
  if (typeof content === "string") return content;
  return content.map((part) => part.text ?? "").join("");
}

/** OpenAI's roles as ours: `developer` (the newer name of `system`) is a system message. */
export function roleOf(role: string): "system" | "user" | "assistant" {
  return role === "developer" ? "system" : (role as "system" | "user" | "assistant");
}

/**
 * An OpenAI request as a chat turn.
 * - With `session_id`: the session is the conversation, exactly as /api/chat: the last message
 *   (the user's) is the new turn and is stored; system messages are instructions for this
 *   turn, after SYSTEM_PROMPT; earlier user and assistant messages are the client's copy of
 *   what the session holds, and are not used. `"new"` creates the session.
 * - Without: a stateless proxy: the messages are the prompt as written, nothing is stored;
 *   retrieval runs only when `use_rag` asks for it.
 * Sampling: temperature 0 (or top_p 0) is greedy decoding, which the proxy may answer from
 * its cache when the reply is not streamed.
 */
export function chatRequestOf(turn: OpenAiTurn, base: { tenantId: string; requestId: string; quotaSubject?: string }, defaults: TurnDefaults): ChatRequest {
  const greedy = turn.temperature === 0 || turn.topP === 0;
  const stop = turn.stop === null || turn.stop === undefined ? [] : typeof turn.stop === "string" ? [turn.stop] : turn.stop;
  const common = {
    ...base,
    maxNewTokens: turn.maxTokens ?? defaults.maxNewTokens,
    temperature: greedy ? 0 : (turn.temperature ?? defaults.temperature),
    doSample: !greedy,
    ...(greedy || turn.topP === null || turn.topP === undefined ? {} : { topP: turn.topP }),
    stop,
    k: turn.k ?? defaults.k,
    filters: turn.filters ?? {},
  };
  if (turn.sessionId !== null && turn.sessionId !== undefined) {
    const last = turn.messages.at(-1)!;
    const issues: FieldIssue[] = [];
    if (last.role !== "user") {
      issues.push({ field: `${last.field}.role`, message: "must be the user's new message when session_id is given (the session holds the rest)" });
    } else if (last.content.trim() === "") {
      issues.push({ field: `${last.field}.content`, message: "must not be empty" });
    } else if (last.content.length > MESSAGE_MAX_CHARACTERS) {
      issues.push({ field: `${last.field}.content`, message: `must be at most ${MESSAGE_MAX_CHARACTERS.toLocaleString("en")} characters when stored in a session` });
    } else if (!isStorableText(last.content)) {
      issues.push({ field: `${last.field}.content`, message: UNSTORABLE_TEXT_MESSAGE });
    }
    if (issues.length > 0) throw errors.validation(issues);
    const instructions = turn.messages
      .filter((message) => message.role === "system" && message.content.trim() !== "")
      .map((message) => message.content)
      .join("\n\n");
    return {
      ...common,
      message: last.content,
      ...(turn.sessionId === "new" ? {} : { sessionId: turn.sessionId }),
      ...(instructions ? { instructions } : {}),
      ...(turn.useRag === null || turn.useRag === undefined ? {} : { useRag: turn.useRag }),
    };
  }
  const conversation: PromptHistory = turn.messages.map(({ role, content }) => ({ role, content }));
  const question = [...turn.messages].reverse().find((message) => message.role === "user")?.content ?? "";
  return { ...common, message: question, conversation, asWritten: true, useRag: turn.useRag ?? false };
}
