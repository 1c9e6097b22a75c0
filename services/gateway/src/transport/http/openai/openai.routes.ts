import type { Request, Response } from "express";
import { AppError, httpStatusOf } from "@chatbot/core";
import type { SearchService } from "../../../domain/search/search.service";
import { rateLimitSubjectOf } from "../access/request-subject";
import type { TokenQuota } from "../../../domain/access/token-quota";
import type { ChatService } from "../../../domain/chat/chat.service";
import type { ChatRequest, ChatResult, ChatSource, ChatStarted, ChatUsage } from "../../../domain/chat/chat.types";
import type { StreamLogStore } from "../../../domain/chat/stream-log.store";
import type { ApiRoutes } from "../api-routes";
import type { RequestContext } from "../request-context";
import type { SseOptions } from "../sse-response";
import { ChatCompletionChunks, chatCompletionTurn, presentChatCompletion } from "./chat-completions";
import { checkEmbeddingModel, embed, embeddingTexts } from "./embeddings";
import type { ModelCatalog } from "../../../domain/chat/model-catalog";
import { dataLine, OpenAiEventStream } from "./openai-sse";
import { modelNotFound, openAiError } from "./openai-errors";
import { chatRequestOf, type OpenAiTurn, type TurnDefaults } from "./openai-turn";
import {
  ChatCompletion,
  ChatCompletionBody,
  EmbeddingBody,
  EmbeddingList,
  ModelParams,
  OpenAiModel,
  OpenAiModelList,
  OpenAiResponse,
  ResponseBody,
  chatCompletionStream,
  openAiErrorResponse,
  responseStream,
} from "./openai.schemas";
import { presentResponse, ResponseEvents, responseTurn, type ResponseSettings } from "./responses-api";

export interface OpenAiRouteOptions {
  chat: ChatService;
  log: StreamLogStore;
  catalog: ModelCatalog;
  search: SearchService;
  defaults: TurnDefaults;
  sse: Omit<SseOptions, "signal">;
  /** LLM tokens per key per minute and day; absent: unlimited. */
  tokenQuota?: TokenQuota;
}

const TAGS = ["OpenAI-compatible"];

const errorsOf = {
  400: openAiErrorResponse("Invalid request (`param` names the field)"),
  401: openAiErrorResponse("Missing or invalid API key (`Authorization: Bearer <key>`)"),
  404: openAiErrorResponse("Unknown model (`model_not_found`), or unknown session"),
  429: openAiErrorResponse("Too many requests, streams or LLM tokens; `Retry-After` says when to retry"),
  502: openAiErrorResponse("The LLM failed"),
  503: openAiErrorResponse("The LLM or a service is unavailable"),
  504: openAiErrorResponse("The LLM did not answer in time"),
};

const EXTENSIONS_NOTE =
  "Extensions (extra body fields): `session_id` (store the turn in that session and answer from its history, as /api/chat does; " +
  '`"new"` creates one), `use_rag`, `filters`, `k`; the session and the retrieved `sources` come back in the reply. ' +
  "Without `session_id` this is a stateless proxy to the configured providers: the request's messages are the prompt and nothing is stored. " +
  "`model` must be an id from GET /v1/models: each names the configured provider chain (fallbacks included), and the reply's `model` " +
  "is the one that answered. The id after `chatcmpl-` / `resp_` is the message id /api uses. A client that goes away stops the generation.";

/** A stream in one of the two OpenAI formats. */
interface StreamFormat {
  first(): string;
  delta(text: string): string;
  sources: ChatSource[] | undefined;
  finish(reason: string, stopped: boolean, usage: ChatUsage | null, model: string): string;
  failed(error: AppError): string;
}

const seconds = () => Math.floor(Date.now() / 1000);

export function registerOpenAiRoutes(routes: ApiRoutes, options: OpenAiRouteOptions): void {
  const { chat, log, catalog, search, defaults, sse, tokenQuota } = options;

  /** Checks the model, maps the turn and admits it against the token quota, as /api/chat does. */
  const admitted = async (turn: OpenAiTurn, model: string, request: Request, response: Response, context: RequestContext): Promise<ChatRequest> => {
    await catalog.chatModel(model);
    const chatRequest = chatRequestOf(turn, { tenantId: context.tenantId, requestId: context.requestId }, defaults);
    if (!tokenQuota) return chatRequest;
    const subject = rateLimitSubjectOf(request, response);
    await tokenQuota.admit(subject, response);
    return { ...chatRequest, quotaSubject: subject };
  };

  /** The whole reply: a stateless turn is one Complete call (cacheable); a session's turn runs and is stored as /api/chat's. */
  const wholeReply = async (chatRequest: ChatRequest, context: RequestContext): Promise<ChatResult> => {
    if (chatRequest.conversation) return chat.complete(chatRequest, context.signal);
    const result = await (await chat.start(chatRequest, context.signal, { stopOnAbort: true })).done;
    if (result.error) throw result.error;
    return result;
  };

  /**
   * Follows a running reply's log and writes it in `format`. A reply that fails before saying
   * anything answers with the error's HTTP status instead of a stream.
   */
  const streamReply = async (started: ChatStarted, format: StreamFormat, response: Response, context: RequestContext): Promise<void> => {
    const stream = new OpenAiEventStream(response, { ...sse, signal: context.signal }, () => format.first());
    let failed: { code: string; message: string } | undefined;
    try {
      await log.follow(started.messageId, 0, context.signal).read(({ data }) => {
        if ("chunk" in data && typeof data.chunk === "string") {
          const text = data.chunk;
          stream.send(() => format.delta(text));
        } else if ("sources" in data && Array.isArray(data.sources)) format.sources = data.sources;
        else if ("done" in data && data.done === true) {
          const done = data;
          stream.send(() => format.finish(done.finish_reason, done.finish_reason === "interrupted", done.usage, done.model));
        } else if ("error" in data && data.error) failed = data.error;
      });
      if (failed) {
        // The reply's own error keeps its kind (and so its status); a shutdown's has none.
        const error = (await started.done).error ?? new AppError("unavailable", failed.code, failed.message, { retryAfterSeconds: 1 });
        if (!stream.committed) throw error;
        stream.send(() => format.failed(error));
      }
    } finally {
      stream.close();
    }
  };

  routes.add({
    method: "get",
    path: "/v1/models",
    access: "tenant",
    summary: "OpenAI: list models",
    description: "The llm-proxy's provider chain (the default first) and, when one is configured, retrieval's embedding model.",
    tags: TAGS,
    responses: { 200: { description: "The models", content: { "application/json": { schema: OpenAiModelList } } }, 401: errorsOf[401], 503: errorsOf[503] },
    async handle({ response }) {
      const models = await catalog.all();
      response.json({ object: "list", data: models.map((model) => ({ id: model.id, object: "model", created: catalog.created, owned_by: model.ownedBy })) });
    },
  });

  routes.add({
    method: "get",
    path: "/v1/models/{model}",
    access: "tenant",
    summary: "OpenAI: retrieve a model",
    tags: TAGS,
    params: ModelParams,
    responses: { 200: { description: "The model", content: { "application/json": { schema: OpenAiModel } } }, 401: errorsOf[401], 404: errorsOf[404] },
    async handle({ params, response }) {
      const model = (await catalog.all()).find((candidate) => candidate.id === params.model);
      if (!model) throw modelNotFound(params.model);
      response.json({ id: model.id, object: "model", created: catalog.created, owned_by: model.ownedBy });
    },
  });

  routes.add({
    method: "post",
    path: "/v1/chat/completions",
    access: "tenant",
    stream: true,
    summary: "OpenAI: chat completion (JSON, or Server-Sent Events with `stream: true`)",
    description: `OpenAI's chat completions: temperature, top_p, max_tokens / max_completion_tokens, stop, n (1 only), stream, stream_options; other OpenAI fields are ignored. ${EXTENSIONS_NOTE}`,
    tags: TAGS,
    body: ChatCompletionBody,
    responses: {
      200: {
        description: "A chat.completion, or its chunks as Server-Sent Events",
        content: { "application/json": { schema: ChatCompletion }, ...chatCompletionStream.content },
      },
      ...errorsOf,
    },
    async handle({ body, request, response, context }) {
      const created = seconds();
      const chatRequest = await admitted(chatCompletionTurn(body), body.model, request, response, context);
      if (!body.stream) {
        response.json(presentChatCompletion(await wholeReply(chatRequest, context), body.model, created));
        return;
      }
      const started = await chat.start(chatRequest, context.signal, { stopOnAbort: true });
      const chunks = new ChatCompletionChunks(`chatcmpl-${started.messageId}`, created, body.model, body.stream_options?.include_usage === true, started.sessionId);
      const format: StreamFormat = {
        first: () => chunks.first(),
        delta: (text) => chunks.delta(text),
        get sources() {
          return chunks.sources;
        },
        set sources(value) {
          chunks.sources = value;
        },
        finish: (reason, _stopped, usage, model) => chunks.finish(reason, usage, model),
        failed: (error) => dataLine(JSON.stringify(openAiError(error, httpStatusOf(error.kind), context.requestId, request).body)),
      };
      await streamReply(started, format, response, context);
    },
  });

  routes.add({
    method: "post",
    path: "/v1/responses",
    access: "tenant",
    stream: true,
    summary: "OpenAI: Responses API, text in and out (JSON, or typed Server-Sent Events with `stream: true`)",
    description:
      "Text input (a string or message items with input_text / output_text parts) and `instructions`; temperature, top_p, " +
      `max_output_tokens, stream. Responses are not stored: \`previous_response_id\` is refused. ${EXTENSIONS_NOTE}`,
    tags: TAGS,
    body: ResponseBody,
    responses: {
      200: { description: "A response, or its events as Server-Sent Events", content: { "application/json": { schema: OpenAiResponse }, ...responseStream.content } },
      ...errorsOf,
    },
    async handle({ body, request, response, context }) {
      const chatRequest = await admitted(responseTurn(body), body.model, request, response, context);
      const settings: ResponseSettings = {
        model: body.model,
        createdAt: seconds(),
        instructions: body.instructions ?? null,
        maxOutputTokens: body.max_output_tokens ?? null,
        temperature: chatRequest.temperature,
        topP: chatRequest.topP ?? 1,
      };
      if (!body.stream) {
        response.json(presentResponse(await wholeReply(chatRequest, context), settings));
        return;
      }
      const started = await chat.start(chatRequest, context.signal, { stopOnAbort: true });
      const events = new ResponseEvents(settings, started.messageId, started.sessionId);
      const format: StreamFormat = {
        first: () => events.first(),
        delta: (text) => events.delta(text),
        get sources() {
          return events.sources;
        },
        set sources(value) {
          events.sources = value;
        },
        finish: (reason, stopped, usage, model) => events.finish(reason, stopped, usage, model),
        failed: (error) => {
          const described = openAiError(error, httpStatusOf(error.kind), context.requestId, request).body as { error: { code: string | null; message: string } };
          return events.failed(described.error.code ?? "server_error", described.error.message);
        },
      };
      await streamReply(started, format, response, context);
    },
  });

  routes.add({
    method: "post",
    path: "/v1/embeddings",
    access: "tenant",
    summary: "OpenAI: embeddings, from retrieval's embedding model",
    description:
      "The model search uses (EMBEDDING_MODEL); `model` must name it. Without one (EMBEDDING_PROVIDER=none) every model answers 404 " +
      "`model_not_found`. `encoding_format` float or base64; `dimensions` only the model's own. Usage is counted in o200k tokens " +
      "and charged to the token quota.",
    tags: TAGS,
    body: EmbeddingBody,
    responses: { 200: { description: "The vectors", content: { "application/json": { schema: EmbeddingList } } }, ...errorsOf },
    async handle({ body, request, response, context }) {
      const texts = embeddingTexts(body.input);
      const model = checkEmbeddingModel(body.model, await catalog.embeddingModel(), body.dimensions);
      const subject = tokenQuota ? rateLimitSubjectOf(request, response) : undefined;
      if (tokenQuota && subject !== undefined) await tokenQuota.admit(subject, response);
      const answer = await embed(search, {
        tenantId: context.tenantId,
        texts,
        model: model.id,
        encoding: body.encoding_format ?? "float",
        signal: context.signal,
      });
      if (tokenQuota && subject !== undefined) await tokenQuota.charge(subject, answer.tokens).catch(() => undefined);
      response.json(answer.body);
    },
  });
}
