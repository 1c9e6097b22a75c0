import type { sessionV1 } from "@chatbot/grpc";
import type { SessionClient } from "./session.client";

export interface SessionService {
  create(tenantId: string, metadata: Record<string, unknown>, signal?: AbortSignal): Promise<sessionV1.Session>;
  /** Refreshes the session's expiry. */
  get(tenantId: string, sessionId: string, signal?: AbortSignal): Promise<sessionV1.Session>;
  delete(tenantId: string, sessionId: string, signal?: AbortSignal): Promise<void>;
  /** The most recent `limit` messages before the `before` cursor, oldest first. */
  listMessages(tenantId: string, sessionId: string, page: { limit: number; before?: string | undefined }, signal?: AbortSignal): Promise<sessionV1.ListMessagesResponse>;
  /** Stores a message without generating a reply. */
  appendMessage(tenantId: string, sessionId: string, message: { role: string; content: string }, signal?: AbortSignal): Promise<sessionV1.Message>;
}

/** Sessions and their messages, kept by the session service. */
export function createSessionService(deps: { session: SessionClient }): SessionService {
  const { session } = deps;
  return {
    create: (tenantId, metadata, signal) => session.createSession({ tenant_id: tenantId, metadata_json: JSON.stringify(metadata) }, { signal }),
    get: (tenantId, sessionId, signal) => session.getSession({ tenant_id: tenantId, session_id: sessionId }, { signal }),
    delete: (tenantId, sessionId, signal) => session.deleteSession({ tenant_id: tenantId, session_id: sessionId }, { signal }),
    listMessages: (tenantId, sessionId, page, signal) =>
      session.listMessages({ tenant_id: tenantId, session_id: sessionId, limit: page.limit, before: page.before ?? "" }, { signal }),
    appendMessage: (tenantId, sessionId, message, signal) =>
      session.appendMessage({ tenant_id: tenantId, session_id: sessionId, role: message.role, content: message.content }, { signal }),
  };
}
