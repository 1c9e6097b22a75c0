import type { sessionV1 } from "@chatbot/grpc";
import type { SessionClient } from "./session.client";

export interface NewSession {
  metadata: Record<string, unknown>;
  /** The owner the frontend names; absent means none. */
  userId?: string | undefined;
  /** Absent: the first user message gives one. */
  title?: string | undefined;
}

export interface SessionService {
  create(tenantId: string, session: NewSession, signal?: AbortSignal): Promise<sessionV1.Session>;
  /** The tenant's sessions (or one owner's), newest activity first; `cursor` from the previous page. */
  list(
    tenantId: string,
    page: { userId?: string | undefined; limit: number; cursor?: string | undefined },
    signal?: AbortSignal,
  ): Promise<sessionV1.ListSessionsResponse>;
  /** The tenant's sessions (or one owner's) whose messages or title hold the query's words, best first. */
  search(tenantId: string, search: { query: string; userId?: string | undefined; limit: number }, signal?: AbortSignal): Promise<sessionV1.SearchSessionsResponse>;
  /** Refreshes the session's expiry. */
  setTitle(tenantId: string, sessionId: string, title: string, signal?: AbortSignal): Promise<sessionV1.Session>;
  /** Refreshes the session's expiry. */
  get(tenantId: string, sessionId: string, signal?: AbortSignal): Promise<sessionV1.Session>;
  delete(tenantId: string, sessionId: string, signal?: AbortSignal): Promise<void>;
  /** The most recent `limit` messages before the `before` cursor, oldest first, of the active branch or the one through `messageId`. */
  listMessages(
    tenantId: string,
    sessionId: string,
    page: { limit: number; before?: string | undefined; messageId?: string | undefined },
    signal?: AbortSignal,
  ): Promise<sessionV1.ListMessagesResponse>;
  /** Stores a message without generating a reply. */
  appendMessage(tenantId: string, sessionId: string, message: { role: string; content: string }, signal?: AbortSignal): Promise<sessionV1.Message>;
}

/** Sessions and their messages, kept by the session service. */
export function createSessionService(deps: { session: SessionClient }): SessionService {
  const { session } = deps;
  return {
    create: (tenantId, created, signal) =>
      session.createSession(
        {
          tenant_id: tenantId,
          metadata_json: JSON.stringify(created.metadata),
          ...(created.userId !== undefined ? { user_id: created.userId } : {}),
          ...(created.title !== undefined ? { title: created.title } : {}),
        },
        { signal },
      ),
    list: (tenantId, page, signal) =>
      session.listSessions(
        { tenant_id: tenantId, ...(page.userId !== undefined ? { user_id: page.userId } : {}), limit: page.limit, cursor: page.cursor ?? "" },
        { signal },
      ),
    search: (tenantId, search, signal) =>
      session.searchSessions(
        { tenant_id: tenantId, query: search.query, ...(search.userId !== undefined ? { user_id: search.userId } : {}), limit: search.limit },
        { signal },
      ),
    setTitle: (tenantId, sessionId, title, signal) => session.setSessionTitle({ tenant_id: tenantId, session_id: sessionId, title }, { signal }),
    get: (tenantId, sessionId, signal) => session.getSession({ tenant_id: tenantId, session_id: sessionId }, { signal }),
    delete: (tenantId, sessionId, signal) => session.deleteSession({ tenant_id: tenantId, session_id: sessionId }, { signal }),
    listMessages: (tenantId, sessionId, page, signal) =>
      session.listMessages({ tenant_id: tenantId, session_id: sessionId, limit: page.limit, before: page.before ?? "", message_id: page.messageId ?? "" }, { signal }),
    appendMessage: (tenantId, sessionId, message, signal) =>
      session.appendMessage({ tenant_id: tenantId, session_id: sessionId, role: message.role, content: message.content }, { signal }),
  };
}
