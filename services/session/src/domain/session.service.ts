import { randomUUID } from "node:crypto";
import { AppError, errors, parseInput, type FeedbackRating } from "@chatbot/core";
import { fitContextWindow, type ContextWindow } from "./context-window";
import { boundSummary, fitWindowWithSummary, summaryBacklog, summaryBacklogBefore, type SummarisedWindow, type SummaryBacklog } from "./conversation-summary";
import {
  AppendMessageSchema,
  BeginTurnSchema,
  CreateSessionSchema,
  FinalizeMessageSchema,
  GetContextSchema,
  ListFeedbackSchema,
  ListMessagesSchema,
  ListSessionsSchema,
  SaveSummarySchema,
  SetFeedbackSchema,
  SearchSessionsSchema,
  SetTitleSchema,
  TenantRefSchema,
  encodeFeedbackCursor,
  encodeSessionCursor,
  isUuid,
  notFound,
  requireExistingId,
  titleFromMessage,
} from "./session.input";
import { queryTerms, SNIPPET_MESSAGES_PER_SESSION, withSnippets, type SessionSearchHit } from "./session-search";
import type { SessionStore } from "./session.store";
import type { SummaryStore } from "./summary.store";
import type { SummaryRecord } from "./summary.types";
import type {
  ListedMessage,
  MessageAnchor,
  MessageOutcome,
  MessageRecord,
  NewMessage,
  RatedAnswer,
  SessionRecord,
  SessionWithCount,
  Source,
  TokenUsage,
} from "./session.types";
import type { TokenCounter } from "./token-counter";

export interface SessionServiceOptions {
  store: SessionStore;
  /** A session lives this long after its last access. */
  timeoutMs: number;
  now: () => Date;
  countTokens: TokenCounter;
  /** Running summaries of the turns that fell out of the context window. */
  summaries: SummaryStore;
}

export interface SessionRef {
  tenantId: string;
  sessionId: string;
}

export interface OutcomeInput {
  content: string;
  model?: string;
  tokenUsage?: TokenUsage | null;
  sources?: Source[];
  errorCode?: string;
  finishReason?: string;
}

export interface AppendMessageInput extends SessionRef, OutcomeInput {
  role: string;
  /** Empty or absent means complete; "streaming" reserves the message for FinalizeMessage. */
  status?: string;
  /** A client-chosen uuid; absent means one is generated. */
  messageId?: string;
  /** Absent: after the active leaf; null: a new root; an id: under that message of the session. */
  parentMessageId?: string | null;
}

export interface FinalizeMessageInput extends SessionRef, OutcomeInput {
  messageId: string;
  status: string;
  /** The provider that generated the reply; absent or "" when none did. */
  provider?: string;
}

export interface MessageRef {
  tenantId: string;
  messageId: string;
}

export interface SetFeedbackInput extends MessageRef {
  rating: string;
  /** Absent or "" means none. */
  comment?: string;
}

export interface RatedMessage {
  /** The message, with its new feedback. */
  message: MessageRecord;
  /** The rating this one replaced; null when it had none. */
  previousRating: FeedbackRating | null;
}

export interface ListFeedbackInput {
  tenantId: string;
  /** "up" or "down"; absent or "" means both. */
  rating?: string;
  /** Absent means 50. */
  limit?: number;
  /** From a previous page's `nextCursor`; absent or "" means the first page. */
  cursor?: string;
}

export interface FeedbackPage {
  items: RatedAnswer[];
  /** "" on the last page. */
  nextCursor: string;
}

export interface ListMessagesInput extends SessionRef {
  /** Absent means 50. */
  limit?: number;
  /** A message id: list the messages before it. */
  before?: string;
  /** Absent: the active branch. A message id: the branch through it, down to its newest descendant. */
  messageId?: string;
}

export interface ListSessionsInput {
  tenantId: string;
  /** Only this owner's sessions; absent means all of the tenant's. */
  userId?: string;
  /** Absent means 50. */
  limit?: number;
  /** From a previous page's `nextCursor`; absent or "" means the first page. */
  cursor?: string;
}

export interface SearchSessionsInput {
  tenantId: string;
  query: string;
  /** Only this owner's sessions; absent means all of the tenant's. */
  userId?: string;
  /** Absent means 20. */
  limit?: number;
}

export interface SessionPage {
  sessions: SessionRecord[];
  /** "" on the last page. */
  nextCursor: string;
}

export interface MessagePage {
  messages: ListedMessage[];
  hasMore: boolean;
}

export interface GetContextInput extends SessionRef {
  /** Absent means 10. */
  maxMessages?: number;
  /** Absent means no token limit. */
  tokenBudget?: number;
}

export interface BeginTurnInput {
  tenantId: string;
  /** Absent: a new session is created. */
  sessionId?: string;
  /** The question; "" (or absent) when regenerating. */
  content?: string;
  assistantMessageId: string;
  maxMessages?: number;
  tokenBudget?: number;
  /**
   * Absent: the question follows the active leaf. Null: it starts a new root branch. An id
   * (not of a user message): the question hangs under it, so editing or re-asking a
   * question names that question's parent.
   */
  parentMessageId?: string | null;
  /** An assistant message: answered again as its sibling, under the same question; no question is stored. */
  regenerateMessageId?: string;
}

export interface Turn {
  sessionId: string;
  userMessage: MessageRecord;
  assistantMessage: MessageRecord;
  /** With the running summary to send ahead of it, when messages were dropped. */
  context: SummarisedWindow;
}

export interface SummaryBacklogInput extends SessionRef {
  maxMessages?: number;
  tokenBudget?: number;
  /** A turn's window start: fold what was dropped before it. Absent: the next turn's window. */
  windowStartMessageId?: string;
}

export interface SaveSummaryInput extends SessionRef {
  throughMessageId: string;
  content: string;
}

export type SessionService = ReturnType<typeof createSessionService>;

/** Sessions, their messages, expiry on inactivity, and the context window for the LLM. */
/**
 * A page of `limit` from `rows`, read with one row more than the page: that extra row tells
 * whether another page exists without counting. `nextCursor` is "" on the last page.
 */
function pageOf<T>(rows: T[], limit: number, cursorAfter: (last: T) => string): { page: T[]; nextCursor: string } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last !== undefined ? cursorAfter(last) : "" };
}

export function createSessionService({ store, timeoutMs, now, countTokens, summaries }: SessionServiceOptions) {
  const expiryFrom = (time: Date) => new Date(time.getTime() + timeoutMs);
  const newSession = (
    tenantId: string,
    metadata: SessionRecord["metadata"],
    time: Date,
    owner: { userId?: string | undefined; title?: string | null | undefined } = {},
  ): SessionRecord => ({
    id: randomUUID(),
    tenantId,
    createdAt: time,
    lastAccessed: time,
    expiresAt: expiryFrom(time),
    metadata,
    userId: owner.userId ?? null,
    title: owner.title ?? null,
    lastActivityAt: time,
    activeLeafId: null,
  });

  /** The session id a reference names, once its tenant is valid; not found when it cannot be an id. */
  function sessionIdOf(ref: SessionRef): string {
    parseInput(TenantRefSchema, { tenantId: ref.tenantId });
    return requireExistingId(ref.sessionId, "Session");
  }

  /** Resolves a live session of the tenant and refreshes its expiry. */
  async function touch(ref: SessionRef): Promise<SessionRecord> {
    const sessionId = sessionIdOf(ref);
    const time = now();
    const session = await store.touchSession(ref.tenantId, sessionId, time, expiryFrom(time));
    if (!session) throw notFound("Session");
    return session;
  }

  /** A message the tenant may rate: an assistant's reply, in a live session, no longer being generated. */
  async function rateableMessage(ref: MessageRef): Promise<MessageRecord> {
    const message = await store.findTenantMessage(ref.tenantId, requireExistingId(ref.messageId, "Message"), now());
    if (!message) throw notFound("Message");
    if (message.role !== "assistant") {
      throw new AppError("invalid_argument", "message_not_rateable", `Only assistant messages can be rated; this one is a ${message.role} message`, {
        details: [{ field: "message_id", message: `is a ${message.role} message; only assistant messages can be rated` }],
      });
    }
    if (message.status === "streaming") throw errors.conflict("message_streaming", "The reply is still being generated; rate it once it has ended");
    return message;
  }

  /**
   * Where a new message of a live session goes: after the active leaf when `parentId` is
   * absent, at a new root when null, else under that message of the session, which must
   * not be a user message when a question is to follow it (`forQuestion`).
   */
  async function anchorFor(ref: SessionRef, parentId: string | null | undefined, forQuestion: boolean): Promise<MessageAnchor> {
    if (parentId === undefined) return { kind: "active_leaf" };
    const session = await touch(ref);
    if (parentId === null) return { kind: "under", parentId: null };
    const parent = await store.findMessage(session.id, requireExistingId(parentId, "Message"));
    if (!parent) throw notFound("Message");
    if (forQuestion && parent.role === "user") {
      throw errors.validation([{ field: "parent_message_id", message: "must not be a user message: to edit or ask a question again, give that question's parent" }]);
    }
    return { kind: "under", parentId: parent.id };
  }

  /** The question an assistant message of a live session answers, to answer it again. */
  async function questionOf(ref: SessionRef, replyId: string): Promise<MessageRecord> {
    const session = await touch(ref);
    const reply = await store.findMessage(session.id, requireExistingId(replyId, "Message"));
    if (!reply) throw notFound("Message");
    if (reply.role !== "assistant") throw errors.validation([{ field: "regenerate_message_id", message: "must be an assistant message" }]);
    const asked = reply.parentId === null ? null : await store.findMessage(session.id, reply.parentId);
    if (asked?.role !== "user") throw errors.validation([{ field: "regenerate_message_id", message: "must be a reply to a user message" }]);
    return asked;
  }

  /** The newest end of the branch through a message of the session. */
  async function branchLeaf(sessionId: string, messageId: string): Promise<string> {
    const message = await store.findMessage(sessionId, requireExistingId(messageId, "Message"));
    if (!message) throw notFound("Message");
    return store.newestDescendant(sessionId, message.id);
  }

  const outcomeOf = ({ content, model, tokenUsage, sources, errorCode, finishReason }: MessageOutcome): MessageOutcome => ({
    content,
    model,
    tokenUsage,
    sources,
    errorCode,
    finishReason,
  });

  const service = {
    async createSession(input: { tenantId: string; metadata?: unknown; userId?: string; title?: string }): Promise<SessionRecord> {
      const { metadata, userId, title } = parseInput(CreateSessionSchema, {
        tenantId: input.tenantId,
        metadata: input.metadata,
        userId: input.userId,
        title: input.title,
      });
      const session = newSession(input.tenantId, metadata, now(), { userId, title });
      await store.insertSession(session);
      return session;
    },

    async getSession(ref: SessionRef): Promise<SessionWithCount & { summary: SummaryRecord | null }> {
      const session = await touch(ref);
      const [messageCount, summary] = await Promise.all([store.countMessages(session.id), summaries.latestSummary(session.id)]);
      return { ...session, messageCount, summary };
    },

    /** The tenant's live sessions (or one owner's), newest activity first, a page at a time. */
    async listSessions(input: ListSessionsInput): Promise<SessionPage> {
      const { userId, limit, cursor } = parseInput(ListSessionsSchema, input);
      const { page, nextCursor } = pageOf(await store.listSessions(input.tenantId, userId ?? null, now(), limit + 1, cursor), limit, encodeSessionCursor);
      return { sessions: page, nextCursor };
    },

    /**
     * The tenant's live sessions (or one owner's) whose listed messages or title hold the
     * query's words, best first, each with a snippet of its best-matching message or title.
     * A query without letters or digits finds nothing (an empty list, not an error). Does
     * not refresh expiry: finding a session is not using it.
     */
    async searchSessions(input: SearchSessionsInput): Promise<SessionSearchHit[]> {
      const { query, userId, limit } = parseInput(SearchSessionsSchema, input);
      const terms = queryTerms(query);
      if (terms.length === 0) return [];
      const { sessions, termWeights } = await store.searchSessions(input.tenantId, userId ?? null, now(), terms, limit);
      if (sessions.length === 0) return [];
      const candidates = await store.searchCandidates(
        sessions.map(({ session }) => session.id),
        termWeights,
        SNIPPET_MESSAGES_PER_SESSION,
      );
      return withSnippets(sessions, candidates, termWeights);
    },

    /** Sets the title; refreshes the session's expiry. */
    async setTitle(input: SessionRef & { title: string }): Promise<SessionRecord> {
      const { title } = parseInput(SetTitleSchema, { tenantId: input.tenantId, title: input.title });
      const sessionId = requireExistingId(input.sessionId, "Session");
      const time = now();
      const session = await store.setTitle(input.tenantId, sessionId, time, expiryFrom(time), title);
      if (!session) throw notFound("Session");
      return session;
    },

    async deleteSession(ref: SessionRef): Promise<void> {
      parseInput(TenantRefSchema, { tenantId: ref.tenantId });
      const sessionId = requireExistingId(ref.sessionId, "Session");
      if (!(await store.deleteSession(ref.tenantId, sessionId, now()))) throw notFound("Session");
    },

    async appendMessage(input: AppendMessageInput): Promise<MessageRecord> {
      const checked = parseInput(AppendMessageSchema, input);
      const { role, status } = checked;
      const outcome = outcomeOf(checked);
      const messageId = checked.messageId ?? randomUUID();
      const sessionId = requireExistingId(input.sessionId, "Session");
      const anchor = await anchorFor({ tenantId: input.tenantId, sessionId }, input.parentMessageId, false);
      const contentTokens = await countTokens(outcome.content);
      const time = now();
      const stored = await store.appendMessage(
        input.tenantId,
        sessionId,
        time,
        expiryFrom(time),
        {
          ...outcome,
          id: messageId,
          role,
          status,
          contentTokens,
        },
        role === "user" ? titleFromMessage(outcome.content) : null,
        anchor,
      );
      if (!stored) throw notFound("Session");
      return stored;
    },

    async finalizeMessage(input: FinalizeMessageInput): Promise<MessageRecord> {
      const checked = parseInput(FinalizeMessageSchema, input);
      const { status } = checked;
      const outcome = { ...outcomeOf(checked), provider: checked.provider };
      const sessionId = sessionIdOf(input);
      // An unknown session is reported before a malformed message id.
      if (!isUuid(input.messageId)) {
        await touch(input);
        throw notFound("Message");
      }
      const messageId = input.messageId.toLowerCase();
      const contentTokens = await countTokens(outcome.content);
      const time = now();
      const finalizing = { tenantId: input.tenantId, sessionId, messageId, now: time, expiresAt: expiryFrom(time), status, outcome, contentTokens };
      const { sessionFound, message } = await store.finalizeMessage(finalizing);
      if (!sessionFound) throw notFound("Session");
      if (message) return message;
      const existing = await store.findMessage(sessionId, messageId);
      if (!existing) throw notFound("Message");
      throw errors.conflict("message_not_streaming", `The message is already ${existing.status}`);
    },

    async listMessages(input: ListMessagesInput): Promise<MessagePage> {
      const { limit } = parseInput(ListMessagesSchema, { limit: input.limit });
      const session = await touch(input);
      let beforeSequence: number | null = null;
      if (input.before) {
        const cursor = await store.findMessage(session.id, requireExistingId(input.before, "Message"));
        if (!cursor) throw notFound("Message");
        beforeSequence = cursor.sequence;
      }
      const leafId = input.messageId === undefined ? null : await branchLeaf(session.id, input.messageId);
      // One extra row tells whether an older page exists without counting.
      const newestFirst = await store.listMessages(session.id, leafId, limit + 1, beforeSequence);
      return { messages: newestFirst.slice(0, limit).reverse(), hasMore: newestFirst.length > limit };
    },

    /**
     * Rates an assistant message of the tenant, replacing any earlier rating. Does not
     * refresh the session's expiry: rating an answer is reading, not continuing, the chat.
     */
    async setFeedback(input: SetFeedbackInput): Promise<RatedMessage> {
      const { rating, comment } = parseInput(SetFeedbackSchema, { tenantId: input.tenantId, rating: input.rating, comment: input.comment });
      const message = await rateableMessage(input);
      const feedback = { rating, comment, updatedAt: now() };
      const stored = await store.setFeedback(input.tenantId, message.id, feedback);
      if (!stored) throw notFound("Message");
      return { message: { ...message, feedback }, previousRating: stored.previousRating };
    },

    /** Removes the tenant's rating of a message; nothing to remove is no error. Returns the rating removed. */
    async clearFeedback(input: MessageRef): Promise<FeedbackRating | null> {
      parseInput(TenantRefSchema, { tenantId: input.tenantId });
      const message = await store.findTenantMessage(input.tenantId, requireExistingId(input.messageId, "Message"), now());
      if (!message) throw notFound("Message");
      return store.clearFeedback(message.id);
    },

    /** The tenant's rated answers (of live sessions), most recently rated first, each with the question it answered. */
    async listFeedback(input: ListFeedbackInput): Promise<FeedbackPage> {
      const { rating, limit, cursor } = parseInput(ListFeedbackSchema, input);
      const { page, nextCursor } = pageOf(await store.listFeedback(input.tenantId, rating ?? null, now(), limit + 1, cursor), limit, (last) =>
        encodeFeedbackCursor({ updatedAt: last.answer.feedback.updatedAt, messageId: last.answer.id }),
      );
      return { items: page, nextCursor };
    },

    async getContext(input: GetContextInput): Promise<ContextWindow> {
      const { maxMessages, tokenBudget: budget } = parseInput(GetContextSchema, { maxMessages: input.maxMessages, tokenBudget: input.tokenBudget });
      const session = await touch(input);
      const newestFirst = await store.recentContextMessages(session.id, maxMessages);
      return fitContextWindow(newestFirst, budget ?? null);
    },

    /**
     * A chat turn's writes and reads before generation, in one call: the session (new when
     * no id is given), the user message, the reserved assistant message and the context.
     */
    async beginTurn(input: BeginTurnInput): Promise<Turn> {
      const { maxMessages, content, regenerateMessageId, parentMessageId } = parseInput(BeginTurnSchema, {
        maxMessages: input.maxMessages,
        tokenBudget: input.tokenBudget,
        assistantMessageId: input.assistantMessageId,
        tenantId: input.tenantId,
        content: input.content ?? "",
        regenerateMessageId: input.regenerateMessageId,
        parentMessageId: input.parentMessageId,
        sessionId: input.sessionId,
      });
      const time = now();
      const blank: MessageOutcome = { content: "", model: "", tokenUsage: null, sources: [], errorCode: "", finishReason: "" };
      const reply: NewMessage = { ...blank, id: input.assistantMessageId.toLowerCase(), role: "assistant", status: "streaming", contentTokens: 0 };
      const tokenBudget = input.tokenBudget ?? null;
      if (input.sessionId === undefined) {
        const question: NewMessage = { ...blank, id: randomUUID(), role: "user", status: "complete", content, contentTokens: await countTokens(content) };
        const session = newSession(input.tenantId, {}, time, { title: titleFromMessage(content) });
        const first = await store.beginFirstTurn(session, question, reply);
        return {
          sessionId: session.id,
          userMessage: first.question,
          assistantMessage: first.reply,
          context: { ...fitContextWindow([first.question], tokenBudget), summary: null, uncoveredCount: 0 },
        };
      }
      const ref = { tenantId: input.tenantId, sessionId: requireExistingId(input.sessionId, "Session") };
      // One more message than the window holds is read, to tell whether older ones were left out (and a summary is due).
      if (regenerateMessageId !== undefined) {
        const asked = await questionOf(ref, regenerateMessageId);
        const stored = await store.beginTurn(
          ref.tenantId,
          ref.sessionId,
          time,
          expiryFrom(time),
          { question: null, reply, anchor: { kind: "under", parentId: asked.id } },
          maxMessages + 1,
          null,
        );
        if (!stored) throw notFound("Session");
        return {
          sessionId: ref.sessionId,
          userMessage: asked,
          assistantMessage: stored.reply,
          context: await fitWindowWithSummary(summaries, ref.sessionId, stored.history, maxMessages, tokenBudget),
        };
      }
      const anchor = await anchorFor(ref, parentMessageId, true);
      const question: NewMessage = { ...blank, id: randomUUID(), role: "user", status: "complete", content, contentTokens: await countTokens(content) };
      // The question itself is one of the context messages, so one fewer comes from history (and one more to tell what was left out).
      const stored = await store.beginTurn(ref.tenantId, ref.sessionId, time, expiryFrom(time), { question, reply, anchor }, maxMessages, titleFromMessage(content));
      if (!stored?.question) throw notFound("Session");
      return {
        sessionId: ref.sessionId,
        userMessage: stored.question,
        assistantMessage: stored.reply,
        context: await fitWindowWithSummary(summaries, ref.sessionId, [stored.question, ...stored.history], maxMessages, tokenBudget),
      };
    },

    /** What a refresh of the running summary folds in, for the window the next turn would get. */
    async getSummaryBacklog(input: SummaryBacklogInput): Promise<SummaryBacklog> {
      const { maxMessages, tokenBudget } = parseInput(GetContextSchema, { maxMessages: input.maxMessages, tokenBudget: input.tokenBudget });
      const session = await touch(input);
      if (input.windowStartMessageId !== undefined) {
        return summaryBacklogBefore(summaries, session.id, requireExistingId(input.windowStartMessageId, "Message"));
      }
      const newestFirst = await store.recentContextMessages(session.id, maxMessages);
      return summaryBacklog(summaries, session.id, newestFirst, maxMessages, tokenBudget ?? null);
    },

    /** Stores a summary through one of the session's messages, cut to SUMMARY_MAX_TOKENS. */
    async saveSummary(input: SaveSummaryInput): Promise<SummaryRecord> {
      const checked = parseInput(SaveSummarySchema, { content: input.content });
      const session = await touch(input);
      const throughMessageId = requireExistingId(input.throughMessageId, "Message");
      const { content, tokens } = await boundSummary(checked.content, countTokens);
      const saved = await summaries.saveSummary({ sessionId: session.id, throughMessageId, content, contentTokens: tokens, updatedAt: now() });
      if (!saved) throw notFound("Message");
      return saved;
    },
  };
  return service;
}
