/** A running summary of the messages that fell out of the context window. */
export interface SummaryRecord {
  sessionId: string;
  /** The last message it covers: it summarises the conversation from its start up to and including this one. */
  throughMessageId: string;
  content: string;
  /** Tokens of `content`, counted when it was stored. */
  contentTokens: number;
  updatedAt: Date;
}

/** The usable summary for a window, and the dropped messages it does not cover. */
export interface SummaryCoverage {
  summary: SummaryRecord | null;
  /** Complete or interrupted messages between the summary (or the start) and the window. */
  uncoveredCount: number;
}
