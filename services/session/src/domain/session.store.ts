import type { FeedbackRating } from "@chatbot/core";
import type { CandidateMessage, ScoredSession } from "./session-search";
import type {
  Feedback,
  FeedbackPosition,
  FinalOutcome,
  FinalStatus,
  ListedMessage,
  MessageAnchor,
  MessageRecord,
  NewMessage,
  RatedAnswer,
  SessionPosition,
  SessionRecord,
} from "./session.types";

/**
 * Persistence the session domain needs. Every method that names a session also
 * names its tenant (or receives a session id the caller already resolved for the
 * tenant), and treats an expired session (`expires_at <= now`) as absent.
 */
/** A reserved reply's outcome, stored by `finalizeMessage` at `now`. */
export interface Finalizing {
  tenantId: string;
  sessionId: string;
  messageId: string;
  now: Date;
  expiresAt: Date;
  status: FinalStatus;
  outcome: FinalOutcome;
  contentTokens: number;
}

export interface SessionStore {
  insertSession(session: SessionRecord): Promise<void>;

  /** Refreshes expiry of a live session; null when unknown, another tenant's or expired. */
  touchSession(tenantId: string, sessionId: string, now: Date, expiresAt: Date): Promise<SessionRecord | null>;

  /**
   * The tenant's live sessions (only `userId`'s when not null), newest activity first,
   * ties broken by id descending; at most `limit`, after `after` when given.
   */
  listSessions(tenantId: string, userId: string | null, now: Date, limit: number, after: SessionPosition | null): Promise<SessionRecord[]>;

  /** Sets the title of a live session and refreshes its expiry; null when not live. */
  setTitle(tenantId: string, sessionId: string, now: Date, expiresAt: Date, title: string): Promise<SessionRecord | null>;

  /** Messages that are listed (not `streaming`). */
  countMessages(sessionId: string): Promise<number>;

  /** False when there was no live session to delete; its messages go with it. */
  deleteSession(tenantId: string, sessionId: string, now: Date): Promise<boolean>;

  /**
   * Gives the message the session's next sequence and stores it at `anchor` (the parent is
   * read under the session's row lock, so concurrent appends form one chain), making it the
   * active leaf, in one transaction, refreshing the session's expiry and activity time, and
   * setting its title to `autoTitle` when it has none and `autoTitle` is not null. Null when
   * the session is not live. Throws a conflict when `message.id` is already taken.
   */
  appendMessage(
    tenantId: string,
    sessionId: string,
    now: Date,
    expiresAt: Date,
    message: NewMessage,
    autoTitle: string | null,
    anchor: MessageAnchor,
  ): Promise<MessageRecord | null>;

  findMessage(sessionId: string, messageId: string): Promise<MessageRecord | null>;

  /** A message of one of the tenant's live sessions, with its feedback; null when there is none. */
  findTenantMessage(tenantId: string, messageId: string, now: Date): Promise<MessageRecord | null>;

  /**
   * Sets (replaces) a message's feedback, serialised with other ratings of the same message,
   * and returns the rating it replaced (null when none). The caller has checked that the
   * message may be rated; null when the message is gone meanwhile.
   */
  setFeedback(tenantId: string, messageId: string, feedback: Feedback): Promise<{ previousRating: FeedbackRating | null } | null>;

  /** Removes a message's feedback; the rating removed, null when it had none. */
  clearFeedback(messageId: string): Promise<FeedbackRating | null>;

  /**
   * The tenant's rated messages in live sessions (only `rating`'s when not null), most
   * recently rated first, ties broken by message id descending; at most `limit`, after
   * `after` when given; each with the question it answered: its parent, when that is a user message.
   */
  listFeedback(tenantId: string, rating: FeedbackRating | null, now: Date, limit: number, after: FeedbackPosition | null): Promise<RatedAnswer[]>;

  /**
   * The newest `limit` listed (not `streaming`) messages of the branch from the root to
   * `leafId` (the active leaf when null) with a sequence below `beforeSequence` (all when
   * null), newest first, each with its siblings.
   */
  listMessages(sessionId: string, leafId: string | null, limit: number, beforeSequence: number | null): Promise<ListedMessage[]>;

  /** The end of the branch through `messageId`: its newest child, that one's newest child, and so on. */
  newestDescendant(sessionId: string, messageId: string): Promise<string>;

  /**
   * Fills in a `streaming` message of a live session and refreshes the session's expiry, in
   * one statement: `sessionFound` is false when the tenant has no live session with this id;
   * `message` is null when the session has no such message still streaming.
   */
  finalizeMessage(finalizing: Finalizing): Promise<{ sessionFound: boolean; message: MessageRecord | null }>;

  /** The newest `limit` complete or interrupted messages of the active branch, newest first. */
  recentContextMessages(sessionId: string, limit: number): Promise<MessageRecord[]>;

  /**
   * A chat turn in one atomic statement: stores `question` at `anchor` and `reply` under it
   * with the next two sequences (without a question, `reply` alone goes at `anchor`: a
   * regenerated reply), makes the reply the active leaf, refreshes expiry, and returns them
   * with the newest `historyLimit` complete or interrupted messages of the branch above
   * them (newest first); a session without a title gets `autoTitle`. Null when the session
   * is not live.
   */
  beginTurn(
    tenantId: string,
    sessionId: string,
    now: Date,
    expiresAt: Date,
    turn: { question: NewMessage | null; reply: NewMessage; anchor: MessageAnchor },
    historyLimit: number,
    autoTitle: string | null,
  ): Promise<{ question: MessageRecord | null; reply: MessageRecord; history: MessageRecord[] } | null>;

  /**
   * The first turn of a new session in one atomic statement: creates `session` (no
   * metadata, its title as given) with `question` and `reply` as its first two messages,
   * the reply under the question and the active leaf.
   */
  beginFirstTurn(session: SessionRecord, question: NewMessage, reply: NewMessage): Promise<{ question: MessageRecord; reply: MessageRecord }>;

  /** Deletes up to `batchSize` sessions expired at `now`; returns how many went. */
  deleteExpiredSessions(now: Date, batchSize: number): Promise<number>;

  /**
   * Marks up to `batchSize` replies still `streaming` that were reserved at or before
   * `reservedBefore` as `failed` with `errorCode`; returns how many.
   */
  failAbandonedReplies(reservedBefore: Date, errorCode: string, batchSize: number): Promise<number>;

  /**
   * The tenant's live sessions (only `userId`'s when not null) whose listed messages or
   * title hold any of `terms`, best first by BM25 (ties newest activity first), at most
   * `limit`; with the IDF weight of each term the tenant's sessions hold.
   */
  searchSessions(
    tenantId: string,
    userId: string | null,
    now: Date,
    terms: string[],
    limit: number,
  ): Promise<{ sessions: ScoredSession[]; termWeights: Map<string, number> }>;

  /**
   * Listed (complete or interrupted) messages of these sessions that may hold the terms
   * (term → IDF weight), at most `perSession` of each session: those holding the most
   * weight first, then the newest.
   */
  searchCandidates(sessionIds: string[], termWeights: ReadonlyMap<string, number>, perSession: number): Promise<CandidateMessage[]>;

  /**
   * Builds the postings of up to `batchSize` sessions stored before search existed, from
   * their listed messages and title, each in one transaction with the session locked;
   * returns how many.
   */
  indexUnsearchedSessions(batchSize: number): Promise<number>;
}
