import type { MessageRecord } from "./session.types";
import type { SummaryCoverage, SummaryRecord } from "./summary.types";

/**
 * Persistence of running summaries. "Before a message" means earlier on that message's path
 * through the conversation (its ancestors: other branches never count), so a summary stays
 * valid for every path that contains the message it was made through.
 */
export interface SummaryStore {
  /**
   * The newest summary whose through-message comes before `windowStartId` (the oldest message
   * in the context window), and how many complete or interrupted messages lie after it and
   * before `windowStartId` (all of those before it when there is no summary).
   */
  coverageBefore(sessionId: string, windowStartId: string): Promise<SummaryCoverage>;

  /**
   * Complete or interrupted messages after `afterId` (from the start when null) and before
   * `windowStartId`, oldest first, at most `limit`.
   */
  uncoveredMessages(sessionId: string, afterId: string | null, windowStartId: string, limit: number): Promise<MessageRecord[]>;

  /** Stores (or replaces) the summary through its message; null when that message is not the session's. */
  saveSummary(summary: SummaryRecord): Promise<SummaryRecord | null>;

  /** The summary that covers the most of the active branch; null when none. */
  latestSummary(sessionId: string): Promise<SummaryRecord | null>;
}
