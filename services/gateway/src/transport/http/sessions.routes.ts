import type { SessionService } from "../../domain/sessions/session.service";
import type { ApiRoutes } from "./api-routes";
import { presentMessage, presentSearchHit, presentSession } from "./session.presenter";
import { MESSAGE_MAX_CHARACTERS } from "@chatbot/core";
import { errorResponse, jsonResponse, PAGE_SIZE_RANGE } from "./common.schemas";
import { SESSION_SEARCH_QUERY_MAX_CHARACTERS, SESSION_SEARCH_RESULTS_MAX, SESSION_TITLE_MAX_CHARACTERS, USER_ID_MAX_CHARACTERS } from "@chatbot/core";
import {
  AppendMessageBody,
  CreateSessionBody,
  MessageResponse,
  ListMessagesQuery,
  ListMessagesResponse,
  ListSessionsQuery,
  SearchSessionsQuery,
  SessionIdParams,
  SessionSearchResponse,
  SessionListResponse,
  UpdateSessionBody,
  METADATA_MAX_SIZE,
  SessionResponse,
} from "./session.schemas";

export function registerSessionRoutes(routes: ApiRoutes, sessions: SessionService): void {
  routes.add({
    method: "post",
    path: "/api/sessions",
    access: "tenant",
    summary: "Create a session",
    tags: ["Sessions"],
    body: CreateSessionBody,
    responses: {
      201: jsonResponse("Created", SessionResponse),
      415: errorResponse("Body is not JSON"),
      422: errorResponse(
        `Metadata is not a JSON object or is over ${METADATA_MAX_SIZE}; user_id not 1..${USER_ID_MAX_CHARACTERS} characters; title not 1..${SESSION_TITLE_MAX_CHARACTERS} characters`,
      ),
    },
    async handle({ body, response, context }) {
      const created = await sessions.create(context.tenantId, { metadata: body.metadata ?? {}, userId: body.user_id, title: body.title }, context.signal);
      response.status(201).json(presentSession(created, false));
    },
  });

  routes.add({
    method: "get",
    path: "/api/sessions",
    access: "tenant",
    summary: "List sessions",
    description: "The tenant's live sessions, or one owner's, newest activity first (the last message appended, else creation).",
    tags: ["Sessions"],
    query: ListSessionsQuery,
    responses: {
      200: jsonResponse("Newest activity first", SessionListResponse),
      422: errorResponse(`limit outside ${PAGE_SIZE_RANGE}, a user_id not 1..${USER_ID_MAX_CHARACTERS} characters, or a cursor not from a previous page`),
    },
    async handle({ query, response, context }) {
      const page = await sessions.list(context.tenantId, { userId: query.user_id, limit: query.limit, cursor: query.cursor }, context.signal);
      response.status(200).json({ sessions: page.sessions.map((session) => presentSession(session, false)), next_cursor: page.next_cursor || null });
    },
  });

  // Before /api/sessions/{session_id}, so "search" is never read as a session id.
  routes.add({
    method: "get",
    path: "/api/sessions/search",
    access: "tenant",
    summary: "Search sessions by words",
    description:
      "The tenant's live sessions, or one owner's, whose finished messages or title hold the query's words (Korean matched by syllable pairs, as in document search), " +
      "best first (BM25; ties newest activity first). Each result has a plain-text snippet of its best-matching message or title and the `[start, end)` offsets of the " +
      "matched words in it. A query with no letters or digits finds nothing (200, empty list). Does not refresh any session's expiry.",
    tags: ["Sessions"],
    query: SearchSessionsQuery,
    responses: {
      200: jsonResponse("Best first", SessionSearchResponse),
      422: errorResponse(
        `q missing or over ${SESSION_SEARCH_QUERY_MAX_CHARACTERS} characters, limit outside 1..${SESSION_SEARCH_RESULTS_MAX}, or a user_id not 1..${USER_ID_MAX_CHARACTERS} characters`,
      ),
    },
    async handle({ query, response, context }) {
      const found = await sessions.search(context.tenantId, { query: query.q, userId: query.user_id, limit: query.limit }, context.signal);
      response.status(200).json({ results: found.hits.map(presentSearchHit) });
    },
  });

  routes.add({
    method: "patch",
    path: "/api/sessions/{session_id}",
    access: "tenant",
    summary: "Set a session's title",
    description: "Refreshes the session's expiry.",
    tags: ["Sessions"],
    params: SessionIdParams,
    body: UpdateSessionBody,
    responses: {
      200: jsonResponse("The session", SessionResponse),
      404: errorResponse("Unknown or expired"),
      415: errorResponse("Body is not JSON"),
      422: errorResponse(`title missing or not 1..${SESSION_TITLE_MAX_CHARACTERS} characters`),
    },
    async handle({ params, body, response, context }) {
      const updated = await sessions.setTitle(context.tenantId, params.session_id, body.title, context.signal);
      response.status(200).json(presentSession(updated, false));
    },
  });

  routes.add({
    method: "get",
    path: "/api/sessions/{session_id}",
    access: "tenant",
    summary: "Get a session",
    description:
      "Refreshes the session's expiry. Carries `message_count` and `summary`: the running summary of the turns that fell out of the context window " +
      "(`content`, `through_message_id` — the last message it covers — and `updated_at`), refreshed in the background after replies as the conversation grows; null until a turn falls out.",
    tags: ["Sessions"],
    params: SessionIdParams,
    responses: { 200: jsonResponse("The session", SessionResponse), 404: errorResponse("Unknown or expired") },
    async handle({ params, response, context }) {
      const found = await sessions.get(context.tenantId, params.session_id, context.signal);
      response.status(200).json(presentSession(found, true));
    },
  });

  routes.add({
    method: "delete",
    path: "/api/sessions/{session_id}",
    access: "tenant",
    summary: "Delete a session and its messages",
    tags: ["Sessions"],
    params: SessionIdParams,
    responses: { 204: { description: "Deleted" }, 404: errorResponse("Unknown or expired") },
    async handle({ params, response, context }) {
      await sessions.delete(context.tenantId, params.session_id, context.signal);
      response.status(204).end();
    },
  });

  routes.add({
    method: "get",
    path: "/api/sessions/{session_id}/messages",
    access: "tenant",
    summary: "List a session's messages",
    description:
      "The most recent `limit` messages before the `before` cursor, oldest first, of one branch: the active one (where the next turn goes), or the one " +
      "through `message_id`. Each message names its parent and its siblings (other answers, edited questions), which are never removed.",
    tags: ["Sessions"],
    params: SessionIdParams,
    query: ListMessagesQuery,
    responses: {
      200: jsonResponse("Messages, oldest first", ListMessagesResponse),
      404: errorResponse("Unknown or expired session, or a `before` or `message_id` that is not a message of it"),
      422: errorResponse(`limit outside ${PAGE_SIZE_RANGE}`),
    },
    async handle({ params, query, response, context }) {
      const page = await sessions.listMessages(
        context.tenantId,
        params.session_id,
        { limit: query.limit, before: query.before, messageId: query.message_id },
        context.signal,
      );
      response.status(200).json({ messages: page.messages.map(presentMessage), has_more: page.has_more });
    },
  });

  routes.add({
    method: "post",
    path: "/api/sessions/{session_id}/messages",
    access: "tenant",
    summary: "Append a message to a session",
    description: "Stores a message without generating a reply: for importing history or adding a system message.",
    tags: ["Sessions"],
    params: SessionIdParams,
    body: AppendMessageBody,
    responses: {
      201: jsonResponse("Stored", MessageResponse),
      404: errorResponse("Unknown or expired session"),
      422: errorResponse(`Missing role or content, or content over ${MESSAGE_MAX_CHARACTERS.toLocaleString("en")} characters`),
    },
    async handle({ params, body, response, context }) {
      const message = await sessions.appendMessage(context.tenantId, params.session_id, body, context.signal);
      response.status(201).json(presentMessage(message));
    },
  });
}
