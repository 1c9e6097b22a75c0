import type { Request, Response } from "express";
import { AppError } from "@chatbot/core";
import { rateLimitSubjectOf } from "./access/request-subject";
import type { TokenQuota } from "../../domain/access/token-quota";
import type { ApiRoutes } from "./api-routes";
import type { RequestContext } from "./request-context";
import { writeSse, type SseOptions } from "./sse-response";
import type { ChatService } from "../../domain/chat/chat.service";
import type { ChatRequest, ChatResult } from "../../domain/chat/chat.types";
import type { StreamLogStore } from "../../domain/chat/stream-log.store";
import { QUERY_KEY_NOTE, errorResponse, jsonResponse } from "./common.schemas";
import { ChatBody, ChatQuery, ChatResponse, ResumeQuery, StopResponse, StreamParams, sseResponse } from "./chat.schemas";

export interface ChatRouteOptions {
  chat: ChatService;
  log: StreamLogStore;
  defaults: { maxNewTokens: number; temperature: number; k: number };
  sse: Omit<SseOptions, "signal">;
  /** LLM tokens per key per minute and day; absent: unlimited. */
  tokenQuota?: TokenQuota;
}

type ChatInput = {
  session_id?: string | undefined;
  /** Absent only with `regenerate_message_id` (the schemas see to it). */
  message?: string | undefined;
  parent_message_id?: string | null | undefined;
  regenerate_message_id?: string | undefined;
  max_new_tokens?: number | undefined;
  temperature?: number | undefined;
  do_sample?: boolean | undefined;
  top_p?: number | undefined;
  stop?: string[] | undefined;
  use_rag?: boolean | undefined;
  k?: number | undefined;
  filters?: { document_ids?: string[] | undefined; sources?: string[] | undefined } | undefined;
  history?: { role: "user" | "assistant" | "system"; content: string }[] | undefined;
};

function toChatRequest(input: ChatInput, context: RequestContext, defaults: ChatRouteOptions["defaults"], quotaSubject: string | undefined): ChatRequest {
  return {
    ...(quotaSubject === undefined ? {} : { quotaSubject }),
    tenantId: context.tenantId,
    requestId: context.requestId,
    ...(input.session_id === undefined ? {} : { sessionId: input.session_id }),
    message: input.message ?? "",
    ...(input.parent_message_id === undefined ? {} : { parentMessageId: input.parent_message_id }),
    ...(input.regenerate_message_id === undefined ? {} : { regenerateMessageId: input.regenerate_message_id }),
    maxNewTokens: input.max_new_tokens ?? defaults.maxNewTokens,
    temperature: input.temperature ?? defaults.temperature,
    // Greedy decoding (temperature 0) is llm-proxy's to apply, as llm.proto says: one place for every caller.
    doSample: input.do_sample ?? true,
    ...(input.top_p === undefined ? {} : { topP: input.top_p }),
    stop: input.stop ?? [],
    ...(input.use_rag === undefined ? {} : { useRag: input.use_rag }),
    k: input.k ?? defaults.k,
    filters: input.filters ?? {},
    ...(input.history === undefined ? {} : { conversation: [...input.history, { role: "user", content: input.message ?? "" }] }),
  };
}

function presentResult(result: ChatResult) {
  return {
    message_id: result.messageId,
    session_id: result.sessionId,
    role: "assistant" as const,
    content: result.content,
    created_at: result.createdAt,
    model: result.model,
    finish_reason: result.finishReason,
    usage: result.usage,
    sources: result.sources,
  };
}

const chatErrors = {
  404: errorResponse("Unknown or expired session (`session_not_found`), or a parent_message_id or regenerate_message_id not of this session (`message_not_found`)"),
  409: errorResponse("The session is already generating a reply"),
  422: errorResponse(
    "Empty message or a parameter out of range; regenerate_message_id not an assistant message, parent_message_id a user message, both given, or either without session_id",
  ),
  429: errorResponse(
    "Too many requests (`rate_limited`), streams (`too_many_streams`) or LLM tokens (`token_quota_exceeded`, details name the window, limit and tokens used); `Retry-After` and `RateLimit-*` headers say when to retry",
  ),
  502: errorResponse("The LLM failed"),
  503: errorResponse("The LLM or a service is unavailable"),
  504: errorResponse("The LLM did not answer in time"),
};

export function registerChatRoutes(routes: ApiRoutes, options: ChatRouteOptions): void {
  const { chat, log, defaults, sse, tokenQuota } = options;

  /** A chat may only start while its key (its address without keys) has tokens left; nothing is stored otherwise. */
  const admitted = async (input: ChatInput, request: Request, response: Response, context: RequestContext): Promise<ChatRequest> => {
    if (!tokenQuota) return toChatRequest(input, context, defaults, undefined);
    const subject = rateLimitSubjectOf(request, response);
    await tokenQuota.admit(subject, response);
    return toChatRequest(input, context, defaults, subject);
  };

  routes.add({
    method: "post",
    path: "/api/chat",
    access: "tenant",
    summary: "Chat: the whole reply as JSON",
    description:
      "No session_id creates a session. The reply is stored even if the client goes away. " +
      "A turn continues the session's active branch, or branches with `parent_message_id` (edit, ask again) or `regenerate_message_id` (another answer); " +
      "earlier messages are never removed, and the context sent to the LLM is the chosen branch only. " +
      "With `history` nothing is stored: the reply is generated for this request alone (and cancelled if the client goes away).",
    tags: ["Chat"],
    body: ChatBody,
    responses: { 200: jsonResponse("The assistant's reply", ChatResponse), ...chatErrors },
    async handle({ body, request, response, context }) {
      const chatRequest = await admitted(body, request, response, context);
      const result = chatRequest.conversation ? await chat.complete(chatRequest, context.signal) : await (await chat.start(chatRequest, context.signal)).done;
      if (result.error) throw result.error;
      response.json(presentResult(result));
    },
  });

  const streamRoute = async (input: ChatInput, request: Request, response: Response, context: RequestContext) => {
    const started = await chat.start(await admitted(input, request, response, context), context.signal);
    await writeSse(response, log.follow(started.messageId, 0, context.signal), { ...sse, signal: context.signal });
  };

  routes.add({
    method: "post",
    path: "/api/chat/stream",
    access: "tenant",
    stream: true,
    summary: "Chat: the reply as Server-Sent Events",
    tags: ["Chat"],
    body: ChatBody,
    responses: { 200: sseResponse, ...chatErrors },
    handle: ({ body, request, response, context }) => streamRoute(body, request, response, context),
  });

  routes.add({
    method: "get",
    path: "/api/chat/stream",
    access: "tenant",
    stream: true,
    summary: "Chat as Server-Sent Events, for EventSource clients",
    description: `The request as query parameters. ${QUERY_KEY_NOTE}`,
    tags: ["Chat"],
    query: ChatQuery,
    responses: { 200: sseResponse, ...chatErrors },
    handle: ({ query, request, response, context }) => streamRoute(query, request, response, context),
  });

  routes.add({
    method: "get",
    path: "/api/chat/streams/{message_id}",
    access: "tenant",
    stream: true,
    summary: "Resume a stream",
    description: `Replays the events after \`Last-Event-ID\` (or \`?after=\`) and follows the rest live, from any instance. ${QUERY_KEY_NOTE}`,
    tags: ["Chat"],
    params: StreamParams,
    query: ResumeQuery,
    responses: { 200: sseResponse, 404: errorResponse("Unknown or expired stream") },
    async handle({ params, query, request, response, context }) {
      const owner = await log.owner(params.message_id);
      if (!owner || owner.tenantId !== context.tenantId) {
        throw new AppError("not_found", "stream_not_found", "Stream not found");
      }
      const header = Number(request.get("last-event-id"));
      const after = query.after ?? (Number.isInteger(header) && header >= 0 ? header : 0);
      await writeSse(response, log.follow(params.message_id, after, context.signal), { ...sse, signal: context.signal });
    },
  });

  routes.add({
    method: "post",
    path: "/api/chat/streams/{message_id}/stop",
    access: "tenant",
    summary: "Stop a generation",
    description: "Cancels the upstream LLM call; what was generated is stored with status `interrupted`.",
    tags: ["Chat"],
    params: StreamParams,
    responses: { 202: jsonResponse("Stopping", StopResponse), 404: errorResponse("Unknown or expired stream") },
    async handle({ params, response, context }) {
      await chat.stop(params.message_id, context.tenantId);
      response.status(202).json({ message_id: params.message_id, status: "stopping" });
    },
  });
}
