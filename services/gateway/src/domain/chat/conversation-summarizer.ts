import { SUMMARY_MAX_TOKENS, extractiveSummary, isAppError, type Logger, type SummaryPart } from "@chatbot/core";
import type { llmV1, sessionV1 } from "@chatbot/grpc";
import type { SessionClient } from "../sessions/session.client";
import type { LlmClient } from "./llm.client";

/**
 * A turn whose dropped messages have no summary yet waits this long for the LLM's before its
 * generation starts; past it, the turn goes on with an extractive summary of the same messages
 * while the LLM's is finished and stored in the background (for the next turns). Happens once
 * per conversation: later turns use the stored summary and refresh it after their reply.
 */
export const SUMMARY_TURN_TIMEOUT_MS = 500;
/** A background summary gives the LLM this long, then stores an extractive one instead. */
export const SUMMARY_REFRESH_TIMEOUT_MS = 30_000;
/** Session calls of a summary (reading the backlog, storing the result). */
const SESSION_CALL_TIMEOUT_MS = 5_000;

/** How the summary goes ahead of the context window in the prompt (a system message). */
export const SUMMARY_PROMPT_HEADING = "Earlier in this conversation (이전 대화 요약):";

export interface ConversationSummarizerDeps {
  session: SessionClient;
  llm: LlmClient;
  logger: Logger;
  /** The window the next turn gets, as the chat asks for it. */
  maxContextMessages: number;
  contextTokenBudget: number;
  turnTimeoutMs?: number;
  refreshTimeoutMs?: number;
}

/** What a turn learned about its dropped messages (BeginTurnResponse). */
export type TurnCoverage = Pick<sessionV1.BeginTurnResponse, "session_id" | "context" | "summary" | "uncovered_message_count" | "context_token_count">;

export interface ConversationSummarizer {
  /**
   * The summary to send ahead of a turn's window: the stored one, or, when messages were
   * dropped and none covers them, the LLM's if it is ready within the turn's deadline, else an
   * extractive one of the same messages (the LLM's is then stored in the background). Null
   * when nothing was dropped or it could not be had; never throws.
   */
  forTurn(tenantId: string, turn: TurnCoverage, signal?: AbortSignal): Promise<sessionV1.ConversationSummary | null>;
  /**
   * After a reply: when the turn had dropped messages the summary does not cover, or its
   * window is near the limits, folds what the next turn will drop into the summary, in the
   * background. One refresh per session at a time; failures are logged.
   */
  refreshAfter(tenantId: string, turn: TurnCoverage): void;
  /** Refreshes running in the background. */
  readonly pending: number;
  /** Waits for the background refreshes (tests). */
  settled(): Promise<void>;
  /** Abandons the background refreshes and starts no more (shutdown). */
  close(): void;
}

export function createConversationSummarizer(deps: ConversationSummarizerDeps): ConversationSummarizer {
  const turnTimeoutMs = deps.turnTimeoutMs ?? SUMMARY_TURN_TIMEOUT_MS;
  const refreshTimeoutMs = deps.refreshTimeoutMs ?? SUMMARY_REFRESH_TIMEOUT_MS;
  const refreshing = new Map<string, { controller: AbortController; done: Promise<unknown> }>();
  let closed = false;

  /**
   * Runs `work` for a session in the background, one at a time per session, bounded by the
   * refresh deadline and abandoned on close. Resolves to null when it failed (logged) or did not run.
   */
  function inBackground<T>(sessionId: string, work: (signal: AbortSignal) => Promise<T | null>): Promise<T | null> {
    if (closed || refreshing.has(sessionId)) return Promise.resolve(null);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), refreshTimeoutMs + SESSION_CALL_TIMEOUT_MS * 3);
    timer.unref();
    const done = work(controller.signal)
      .catch((error: unknown) => {
        if (!closed)
          deps.logger.warn({ err: error, session_id: sessionId, code: isAppError(error) ? error.code : undefined }, "could not refresh a conversation summary");
        return null;
      })
      .finally(() => {
        clearTimeout(timer);
        refreshing.delete(sessionId);
      });
    refreshing.set(sessionId, { controller, done });
    return done;
  }

  function readBacklog(tenantId: string, sessionId: string, window: Partial<sessionV1.GetSummaryBacklogRequest>, signal: AbortSignal): Promise<sessionV1.SummaryBacklog> {
    return deps.session.getSummaryBacklog({ tenant_id: tenantId, session_id: sessionId, ...window }, { signal, timeoutMs: SESSION_CALL_TIMEOUT_MS });
  }

  /** The LLM's summary of the backlog (an extractive one when it fails), stored; null when there was nothing to fold. */
  async function foldAndStore(
    tenantId: string,
    sessionId: string,
    backlog: sessionV1.SummaryBacklog,
    signal: AbortSignal,
  ): Promise<sessionV1.ConversationSummary | null> {
    const folded = backlog.messages.filter((message) => message.content.length > 0);
    const last = backlog.messages.at(-1);
    if (!last || folded.length === 0) return null;
    const previous = backlog.summary?.content;
    let content = "";
    try {
      const answer = await deps.llm.complete(summaryRequest(tenantId, previous, folded), { signal, timeoutMs: refreshTimeoutMs });
      content = answer.content.trim();
    } catch (error) {
      if (signal.aborted) throw error;
      deps.logger.warn({ err: error, session_id: sessionId }, "the LLM did not summarise the conversation; keeping an extractive summary");
    }
    if (!content) content = extractiveSummary(summaryParts(previous, folded), SUMMARY_MAX_TOKENS);
    return deps.session.saveSummary(
      { tenant_id: tenantId, session_id: sessionId, through_message_id: last.message_id, content },
      { signal, timeoutMs: SESSION_CALL_TIMEOUT_MS },
    );
  }

  async function forTurn(tenantId: string, turn: TurnCoverage, signal?: AbortSignal): Promise<sessionV1.ConversationSummary | null> {
    if (turn.summary) return turn.summary;
    const start = turn.context[0];
    const sessionId = turn.session_id;
    if (turn.uncovered_message_count <= 0 || !start) return null;
    try {
      const backlog = await readBacklog(tenantId, sessionId, { window_start_message_id: start.message_id }, signal ?? new AbortController().signal);
      const folded = backlog.messages.filter((message) => message.content.length > 0);
      const last = backlog.messages.at(-1);
      if (!last || folded.length === 0) return null;
      // The LLM's summary is finished and stored whatever this turn does; the turn waits for it only briefly.
      const stored = inBackground(sessionId, (background) => foldAndStore(tenantId, sessionId, backlog, background));
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), turnTimeoutMs)));
      const quick = await Promise.race([stored, late]).finally(() => clearTimeout(timer));
      if (quick) return quick;
      return {
        content: extractiveSummary(summaryParts(backlog.summary?.content, folded), SUMMARY_MAX_TOKENS),
        through_message_id: last.message_id,
        updated_at: new Date().toISOString(),
        token_count: 0,
      };
    } catch (error) {
      if (!signal?.aborted) deps.logger.warn({ err: error, session_id: sessionId }, "no summary of the dropped messages for this turn");
      return null;
    }
  }

  function nearLimits(turn: TurnCoverage): boolean {
    const summaryTokens = turn.summary?.token_count ?? 0;
    return turn.context.length + 1 >= deps.maxContextMessages || (turn.context_token_count + summaryTokens) * 4 >= deps.contextTokenBudget * 3;
  }

  function refreshAfter(tenantId: string, turn: TurnCoverage): void {
    if (turn.uncovered_message_count <= 0 && !nearLimits(turn)) return;
    const sessionId = turn.session_id;
    void inBackground(sessionId, async (signal) => {
      const backlog = await readBacklog(tenantId, sessionId, { max_messages: deps.maxContextMessages, token_budget: deps.contextTokenBudget }, signal);
      return foldAndStore(tenantId, sessionId, backlog, signal);
    });
  }

  return {
    forTurn,
    refreshAfter,
    get pending() {
      return refreshing.size;
    },
    async settled() {
      while (refreshing.size > 0) await Promise.allSettled([...refreshing.values()].map((entry) => entry.done));
    },
    close() {
      closed = true;
      for (const entry of refreshing.values()) entry.controller.abort();
    },
  };
}

/** A "summary" request: the earlier summary as a system message, then the dropped turns, oldest first. */
function summaryRequest(tenantId: string, previous: string | undefined, folded: sessionV1.Message[]): llmV1.GenerateRequest {
  return {
    task: "summary",
    messages: [
      ...(previous ? [{ role: "system", content: previous }] : []),
      // A stored system message is part of the conversation here, not an earlier summary.
      ...folded.map((message) => ({ role: message.role === "assistant" ? "assistant" : "user", content: message.content })),
    ],
    max_new_tokens: SUMMARY_MAX_TOKENS,
    do_sample: false,
    temperature: 0,
    stop: [],
    context: [],
    caller_id: tenantId,
  };
}

function summaryParts(previous: string | undefined, folded: sessionV1.Message[]): SummaryPart[] {
  return [
    ...(previous ? [{ role: "summary" as const, content: previous }] : []),
    ...folded.map((message) => ({ role: message.role === "assistant" ? ("assistant" as const) : ("user" as const), content: message.content })),
  ];
}
