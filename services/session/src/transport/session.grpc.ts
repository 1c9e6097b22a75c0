import { parseField } from "@chatbot/core";
import { unaryHandlers, type HandlerRuntime, type UnaryCalls, type sessionV1 } from "@chatbot/grpc";
import { MetadataJsonSchema } from "../domain/session.input";
import type { SessionService } from "../domain/session.service";
import { fromProtoSources, fromProtoUsage, toProtoFeedbackItem, toProtoMessage, toProtoSearchHit, toProtoSession, toProtoSummary } from "./session.mapper";

/** The service's gRPC handlers: its calls behind grpc-js. */
export function createSessionHandlers(service: SessionService, runtime: HandlerRuntime): sessionV1.Handlers {
  return unaryHandlers(runtime, createSessionCalls(service));
}

/**
 * The service's calls in wire types, for its gRPC server and for a gateway running it in-process:
 * turn proto defaults into "absent", delegate, map back.
 * Proto3 cannot tell 0 from unset, so a zero limit means "use the default".
 */
export function createSessionCalls(service: SessionService): UnaryCalls<sessionV1.Handlers> {
  return {
    CreateSession: async (request: sessionV1.CreateSessionRequest) => {
      const session = await service.createSession({
        tenantId: request.tenant_id,
        metadata: parseMetadata(request.metadata_json),
        ...(request.user_id !== undefined && request.user_id !== null ? { userId: request.user_id } : {}),
        ...(request.title !== undefined && request.title !== null ? { title: request.title } : {}),
      });
      return toProtoSession(session);
    },

    GetSession: async (request: sessionV1.GetSessionRequest) => {
      const session = await service.getSession({ tenantId: request.tenant_id, sessionId: request.session_id });
      return toProtoSession(session, session.messageCount, session.summary);
    },

    ListSessions: async (request: sessionV1.ListSessionsRequest) => {
      const page = await service.listSessions({
        tenantId: request.tenant_id,
        ...(request.user_id !== undefined && request.user_id !== null ? { userId: request.user_id } : {}),
        ...(request.limit !== 0 ? { limit: request.limit } : {}),
        cursor: request.cursor,
      });
      return { sessions: page.sessions.map((session) => toProtoSession(session)), next_cursor: page.nextCursor };
    },

    SearchSessions: async (request: sessionV1.SearchSessionsRequest) => {
      const hits = await service.searchSessions({
        tenantId: request.tenant_id,
        query: request.query,
        ...(request.user_id !== undefined && request.user_id !== null ? { userId: request.user_id } : {}),
        ...(request.limit !== 0 ? { limit: request.limit } : {}),
      });
      return { hits: hits.map(toProtoSearchHit) };
    },

    SetSessionTitle: async (request: sessionV1.SetSessionTitleRequest) => {
      const session = await service.setTitle({ tenantId: request.tenant_id, sessionId: request.session_id, title: request.title });
      return toProtoSession(session);
    },

    DeleteSession: async (request: sessionV1.DeleteSessionRequest) => {
      await service.deleteSession({ tenantId: request.tenant_id, sessionId: request.session_id });
      return {};
    },

    ListMessages: async (request: sessionV1.ListMessagesRequest) => {
      const page = await service.listMessages({
        tenantId: request.tenant_id,
        sessionId: request.session_id,
        ...(request.limit !== 0 ? { limit: request.limit } : {}),
        ...(request.before !== "" ? { before: request.before } : {}),
        ...(request.message_id !== "" ? { messageId: request.message_id } : {}),
      });
      return { messages: page.messages.map((message) => toProtoMessage(message, message.siblingIds)), has_more: page.hasMore };
    },

    AppendMessage: async (request: sessionV1.AppendMessageRequest) => {
      const message = await service.appendMessage({
        tenantId: request.tenant_id,
        sessionId: request.session_id,
        role: request.role,
        content: request.content,
        status: request.status,
        model: request.model,
        tokenUsage: fromProtoUsage(request.token_usage),
        sources: fromProtoSources(request.sources),
        errorCode: request.error_code,
        finishReason: request.finish_reason,
        ...(request.message_id !== "" ? { messageId: request.message_id } : {}),
        ...parentOf(request.parent_message_id),
      });
      return toProtoMessage(message);
    },

    FinalizeMessage: async (request: sessionV1.FinalizeMessageRequest) => {
      const message = await service.finalizeMessage({
        tenantId: request.tenant_id,
        sessionId: request.session_id,
        messageId: request.message_id,
        status: request.status,
        content: request.content,
        model: request.model,
        tokenUsage: fromProtoUsage(request.token_usage),
        sources: fromProtoSources(request.sources),
        errorCode: request.error_code,
        finishReason: request.finish_reason,
        provider: request.provider,
      });
      return toProtoMessage(message);
    },

    SetFeedback: async (request: sessionV1.SetFeedbackRequest) => {
      const rated = await service.setFeedback({ tenantId: request.tenant_id, messageId: request.message_id, rating: request.rating, comment: request.comment });
      return { message: toProtoMessage(rated.message), previous_rating: rated.previousRating ?? "" };
    },

    ClearFeedback: async (request: sessionV1.ClearFeedbackRequest) => {
      const removed = await service.clearFeedback({ tenantId: request.tenant_id, messageId: request.message_id });
      return { previous_rating: removed ?? "" };
    },

    ListFeedback: async (request: sessionV1.ListFeedbackRequest) => {
      const page = await service.listFeedback({
        tenantId: request.tenant_id,
        rating: request.rating,
        ...(request.limit !== 0 ? { limit: request.limit } : {}),
        cursor: request.cursor,
      });
      return { items: page.items.map(toProtoFeedbackItem), next_cursor: page.nextCursor };
    },

    GetContext: async (request: sessionV1.GetContextRequest) => {
      const window = await service.getContext({
        tenantId: request.tenant_id,
        sessionId: request.session_id,
        ...windowOf(request),
      });
      return { messages: window.messages.map((message) => toProtoMessage(message)), token_count: window.tokenCount };
    },

    BeginTurn: async (request: sessionV1.BeginTurnRequest) => {
      const turn = await service.beginTurn({
        tenantId: request.tenant_id,
        ...(request.session_id !== "" ? { sessionId: request.session_id } : {}),
        content: request.content,
        assistantMessageId: request.assistant_message_id,
        ...windowOf(request),
        ...parentOf(request.parent_message_id),
        ...(request.regenerate_message_id !== "" ? { regenerateMessageId: request.regenerate_message_id } : {}),
      });
      return {
        session_id: turn.sessionId,
        user_message: toProtoMessage(turn.userMessage),
        assistant_message: toProtoMessage(turn.assistantMessage),
        context: turn.context.messages.map((message) => toProtoMessage(message)),
        context_token_count: turn.context.tokenCount,
        ...(turn.context.summary ? { summary: toProtoSummary(turn.context.summary) } : {}),
        uncovered_message_count: turn.context.uncoveredCount,
      };
    },

    GetSummaryBacklog: async (request: sessionV1.GetSummaryBacklogRequest) => {
      const backlog = await service.getSummaryBacklog({
        tenantId: request.tenant_id,
        sessionId: request.session_id,
        ...windowOf(request),
        ...(request.window_start_message_id !== "" ? { windowStartMessageId: request.window_start_message_id } : {}),
      });
      return {
        ...(backlog.summary ? { summary: toProtoSummary(backlog.summary) } : {}),
        messages: backlog.messages.map((message) => toProtoMessage(message)),
      };
    },

    SaveSummary: async (request: sessionV1.SaveSummaryRequest) => {
      const summary = await service.saveSummary({
        tenantId: request.tenant_id,
        sessionId: request.session_id,
        throughMessageId: request.through_message_id,
        content: request.content,
      });
      return toProtoSummary(summary);
    },
  };
}

/** A context window's limits on the wire: 0 is unset, so the service's default applies. */
function windowOf(request: { max_messages: number; token_budget: number }): { maxMessages?: number; tokenBudget?: number } {
  return {
    ...(request.max_messages !== 0 ? { maxMessages: request.max_messages } : {}),
    ...(request.token_budget !== 0 ? { tokenBudget: request.token_budget } : {}),
  };
}

/** An optional parent on the wire: absent stays absent (the active leaf), empty is a new root. */
function parentOf(parentMessageId: string | undefined): { parentMessageId?: string | null } {
  if (parentMessageId === undefined) return {};
  return { parentMessageId: parentMessageId === "" ? null : parentMessageId };
}

/** Empty means no metadata; text that is not JSON is the caller's mistake, named as such. */
function parseMetadata(json: string): unknown {
  return parseField("metadata", MetadataJsonSchema, json);
}
