import { randomUUID } from "node:crypto";
import { errors, parseInput } from "@chatbot/core";
import { fitContextWindow, type ContextWindow } from "./context-window";
import {
  AppendMessageSchema,
  BeginTurnSchema,
  CreateSessionSchema,
  FinalizeMessageSchema,
  GetContextSchema,
  ListMessagesSchema,
  ListSessionsSchema,
  SearchSessionsSchema,
  SetTitleSchema,
  TenantRefSchema,
  encodeSessionCursor,
  notFound,
  requireExistingId,
  titleFromMessage,
} from "./session.input";
import { queryTerms, SNIPPET_MESSAGES_PER_SESSION, withSnippets, type SessionSearchHit } from "./session-search";
import type { SessionStore } from "./session.store";
import type { MessageOutcome, MessageRecord, NewMessage, SessionRecord, SessionWithCount, Source, TokenUsage } from "./session.types";
import type { TokenCounter } from "./token-counter";

export interface SessionServiceOptions {
  store: SessionStore;
  /** A session lives this long after its last access. */
  timeoutMs: number;
  now: () => Date;
  countTokens: TokenCounter;
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
}

export interface FinalizeMessageInput extends SessionRef, OutcomeInput {
  messageId: string;
  status: string;
}

export interface ListMessagesInput extends SessionRef {
  /** Absent means 50. */
  limit?: number;
  /** A message id: list the messages before it. */
  before?: string;
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
  messages: MessageRecord[];
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
  content: string;
  assistantMessageId: string;
  maxMessages?: number;
  tokenBudget?: number;
}

export interface Turn {
  sessionId: string;
  userMessage: MessageRecord;
  assistantMessage: MessageRecord;
  context: ContextWindow;
}

export type SessionService = ReturnType<typeof createSessionService>;

/** Sessions, their messages, expiry on inactivity, and the context window for the LLM. */
export function createSessionService({ store, timeoutMs, now, countTokens }: SessionServiceOptions) {
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
  });

  /** Resolves a live session of the tenant and refreshes its expiry. */
  async function touch(ref: SessionRef): Promise<SessionRecord> {
    parseInput(TenantRefSchema, { tenantId: ref.tenantId });
    const sessionId = requireExistingId(ref.sessionId, "Session");
    const time = now();
    const session = await store.touchSession(ref.tenantId, sessionId, time, expiryFrom(time));
    if (!session) throw notFound("Session");
    return session;
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

    async getSession(ref: SessionRef): Promise<SessionWithCount> {
      const session = await touch(ref);
      return { ...session, messageCount: await store.countMessages(session.id) };
    },

    /** The tenant's live sessions (or one owner's), newest activity first, a page at a time. */
    async listSessions(input: ListSessionsInput): Promise<SessionPage> {
      const { userId, limit, cursor } = parseInput(ListSessionsSchema, input);
      // One extra row tells whether another page exists without counting.
      const rows = await store.listSessions(input.tenantId, userId ?? null, now(), limit + 1, cursor);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { sessions: page, nextCursor: rows.length > limit && last ? encodeSessionCursor(last) : "" };
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
      );
      if (!stored) throw notFound("Session");
      return stored;
    },

    async finalizeMessage(input: FinalizeMessageInput): Promise<MessageRecord> {
      const checked = parseInput(FinalizeMessageSchema, input);
      const { status } = checked;
      const outcome = outcomeOf(checked);
      const session = await touch(input);
      const messageId = requireExistingId(input.messageId, "Message");
      const contentTokens = await countTokens(outcome.content);
      const finalized = await store.finalizeMessage(session.id, messageId, status, outcome, contentTokens);
      if (finalized) return finalized;
      const existing = await store.findMessage(session.id, messageId);
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
      // One extra row tells whether an older page exists without counting.
      const newestFirst = await store.listMessages(session.id, limit + 1, beforeSequence);
      return { messages: newestFirst.slice(0, limit).reverse(), hasMore: newestFirst.length > limit };
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
      const { maxMessages } = parseInput(BeginTurnSchema, {
        maxMessages: input.maxMessages,
        tokenBudget: input.tokenBudget,
        assistantMessageId: input.assistantMessageId,
        tenantId: input.tenantId,
        content: input.content,
      });
      const contentTokens = await countTokens(input.content);
      const time = now();
      const blank: MessageOutcome = { content: "", model: "", tokenUsage: null, sources: [], errorCode: "", finishReason: "" };
      const question: NewMessage = { ...blank, id: randomUUID(), role: "user", status: "complete", content: input.content, contentTokens };
      const reply: NewMessage = { ...blank, id: input.assistantMessageId.toLowerCase(), role: "assistant", status: "streaming", contentTokens: 0 };
      if (input.sessionId === undefined) {
        const session = newSession(input.tenantId, {}, time, { title: titleFromMessage(input.content) });
        const first = await store.beginFirstTurn(session, question, reply);
        return {
          sessionId: session.id,
          userMessage: first.question,
          assistantMessage: first.reply,
          context: fitContextWindow([first.question], input.tokenBudget ?? null),
        };
      }
      const sessionId = requireExistingId(input.sessionId, "Session");
      // The question itself is one of the context messages, so one fewer comes from history.
      const stored = await store.beginTurn(input.tenantId, sessionId, time, expiryFrom(time), question, reply, maxMessages - 1, titleFromMessage(input.content));
      if (!stored) throw notFound("Session");
      const newestFirst = [stored.question, ...stored.history];
      return {
        sessionId,
        userMessage: stored.question,
        assistantMessage: stored.reply,
        context: fitContextWindow(newestFirst, input.tokenBudget ?? null),
      };
    },
  };
  return service;
}
