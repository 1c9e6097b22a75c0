/** One SSE event of a generation, as clients see it: `id:` plus one JSON `data:` line. */
export interface LoggedEvent {
  id: number;
  data: Record<string, unknown>;
  /** The last event of the stream (`done` or `error`). */
  terminal: boolean;
}

export interface StreamOwner {
  tenantId: string;
  sessionId: string;
}

/**
 * The events of every generation, kept for a few minutes after it ends so a client that
 * lost its connection can replay what it missed and follow the rest live, from any
 * gateway instance.
 */
export interface StreamLog {
  open(messageId: string, owner: StreamOwner): Promise<void>;
  /** Appends an event and returns its id (1, 2, 3, … per stream). */
  append(messageId: string, data: Record<string, unknown>, terminal?: boolean): Promise<number>;
  /**
   * Undefined for an unknown or expired stream. Throws `unavailable` when the answer is
   * not known here and the shared store cannot be asked (Redis unreachable).
   */
  owner(messageId: string): Promise<StreamOwner | undefined>;
  /** Events with an id above `afterId`, then live ones, ending after the terminal event. */
  follow(messageId: string, afterId: number, signal: AbortSignal): AsyncIterable<LoggedEvent>;
  close(): Promise<void>;
}
