import { SUMMARY_INPUT_MAX_TOKENS, SUMMARY_MAX_TOKENS } from "@chatbot/core";
import { fitContextWindow, type ContextWindow } from "./context-window";
import type { MessageRecord } from "./session.types";
import type { SummaryStore } from "./summary.store";
import type { SummaryCoverage, SummaryRecord } from "./summary.types";
import type { TokenCounter } from "./token-counter";

/** A context window with the running summary that goes ahead of it. */
export interface SummarisedWindow extends ContextWindow, SummaryCoverage {}

/** Messages one backlog reads at most (its tokens are bounded by SUMMARY_INPUT_MAX_TOKENS as well). */
const BACKLOG_MAX_MESSAGES = 200;

/**
 * The window of the newest `limit` messages of `newestFirst` (which may hold one more, telling
 * that older ones exist). When anything is left out, SUMMARY_MAX_TOKENS of the budget is kept
 * for the summary, and the usable summary is the newest whose through-message was left out.
 */
export async function fitWindowWithSummary(
  summaries: SummaryStore,
  sessionId: string,
  newestFirst: MessageRecord[],
  limit: number,
  tokenBudget: number | null,
): Promise<SummarisedWindow> {
  const candidates = newestFirst.slice(0, limit);
  const full = fitContextWindow(candidates, tokenBudget);
  const dropped = newestFirst.length > limit || full.messages.length < candidates.length;
  if (!dropped) return { ...full, summary: null, uncoveredCount: 0 };
  const window = tokenBudget === null ? full : fitContextWindow(candidates, Math.max(0, tokenBudget - SUMMARY_MAX_TOKENS));
  const start = window.messages[0];
  if (!start) return { ...window, summary: null, uncoveredCount: 0 };
  return { ...window, ...(await summaries.coverageBefore(sessionId, start.id)) };
}

export interface SummaryBacklog {
  summary: SummaryRecord | null;
  /** Dropped messages after the summary, oldest first; their contents at most SUMMARY_INPUT_MAX_TOKENS characters each. */
  messages: MessageRecord[];
}

/**
 * What a refresh folds in, for the window the next turn would get from `newestFirst` (the
 * newest `maxMessages` messages): its usable summary and the dropped messages after it, up to
 * SUMMARY_INPUT_MAX_TOKENS of them (the rest wait for the next refresh).
 */
export async function summaryBacklog(
  summaries: SummaryStore,
  sessionId: string,
  newestFirst: MessageRecord[],
  maxMessages: number,
  tokenBudget: number | null,
): Promise<SummaryBacklog> {
  // The next turn's question takes one of the window's places.
  const window = await fitWindowWithSummary(summaries, sessionId, newestFirst, Math.max(1, maxMessages - 1), tokenBudget);
  const start = window.messages[0];
  if (!start || window.uncoveredCount === 0) return { summary: window.summary, messages: [] };
  return backlogBefore(summaries, sessionId, start.id, window.summary);
}

/**
 * The backlog of a window that starts at `windowStartId` (a turn's): its usable summary and
 * the dropped messages after it. Nothing when the message is not the session's.
 */
export async function summaryBacklogBefore(summaries: SummaryStore, sessionId: string, windowStartId: string): Promise<SummaryBacklog> {
  const coverage = await summaries.coverageBefore(sessionId, windowStartId);
  if (coverage.uncoveredCount === 0) return { summary: coverage.summary, messages: [] };
  return backlogBefore(summaries, sessionId, windowStartId, coverage.summary);
}

async function backlogBefore(summaries: SummaryStore, sessionId: string, windowStartId: string, summary: SummaryRecord | null): Promise<SummaryBacklog> {
  const uncovered = await summaries.uncoveredMessages(sessionId, summary?.throughMessageId ?? null, windowStartId, BACKLOG_MAX_MESSAGES);
  const messages: MessageRecord[] = [];
  let tokens = 0;
  for (const message of uncovered) {
    if (messages.length > 0 && tokens + message.contentTokens > SUMMARY_INPUT_MAX_TOKENS) break;
    messages.push(message.content.length > SUMMARY_INPUT_MAX_TOKENS ? { ...message, content: message.content.slice(0, SUMMARY_INPUT_MAX_TOKENS) } : message);
    tokens += Math.min(message.contentTokens, SUMMARY_INPUT_MAX_TOKENS);
  }
  return { summary, messages };
}

/** The text cut to SUMMARY_MAX_TOKENS, with its token count. */
export async function boundSummary(text: string, countTokens: TokenCounter): Promise<{ content: string; tokens: number }> {
  let content = text.trim();
  let tokens = await countTokens(content);
  while (tokens > SUMMARY_MAX_TOKENS) {
    content = content.slice(0, Math.floor((content.length * SUMMARY_MAX_TOKENS) / tokens) - 1).trimEnd();
    tokens = await countTokens(content);
  }
  return { content, tokens };
}
