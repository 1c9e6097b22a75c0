import type { EventSourceMessage } from "eventsource-parser";
import type { Logger } from "@chatbot/core";
import type { FinishReason, ProviderCompletion, ProviderRequest, StreamPart, TokenUsage } from "../../domain/generation.types";
import { errorFromHttpStatus, llmErrors, parseRetryAfter } from "../../domain/llm-errors";
import type { LlmProvider } from "../../domain/provider.client";
import { eventStreamFetch, takeUpstreamBody } from "./http/event-stream-fetch";
import { serverSentEventBatches } from "./http/server-sent-events";
import { abortReason, fromSdkError } from "./sdk-errors";
import { samplingTemperature } from "./sampling";
import { createDropWarner, type DropWarner } from "./unsupported-parameters";

export interface LlmServerProviderConfig {
  /** Base URL; the server answers POST /chat and POST /chat/stream. */
  url: string;
  /** Only a label: the server decides which model runs. */
  model: string;
  logger: Logger;
}

/** Reply fields seen in the wild, in the order they are tried. */
const REPLY_FIELDS = ["content", "response", "text", "generated_text"] as const;
const STREAM_FIELDS = ["chunk", "token", "text", "content"] as const;

/** The Hugging Face generation parameters the server takes; top_p and stop are not among them. */
export function llmServerBody(request: ProviderRequest, warnDropped: DropWarner): Record<string, unknown> {
  const { parameters } = request;
  if (parameters.topP !== undefined) warnDropped("top_p", "the llm-server API does not take it");
  if (parameters.stop.length > 0) warnDropped("stop", "the llm-server API does not take it");
  return {
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    max_new_tokens: parameters.maxNewTokens,
    temperature: samplingTemperature(parameters),
    do_sample: parameters.doSample,
  };
}

export function createLlmServerProvider(config: LlmServerProviderConfig): LlmProvider {
  const base = config.url.replace(/\/+$/, "");
  const warnDropped = createDropWarner(config.logger, "llm-server");

  async function post(path: string, body: Record<string, unknown>, signal: AbortSignal, accept: string): Promise<Response> {
    let response: Response;
    try {
      response = await eventStreamFetch(`${base}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", accept },
        body: JSON.stringify(body),
        signal,
      });
    } catch (error) {
      throw fromSdkError(error, "llm-server", signal);
    }
    if (!response.ok) {
      const text = await response.text().catch(() => "");
      throw errorFromHttpStatus(response.status, errorMessageOf(text), {
        provider: "llm-server",
        retryAfterSeconds: parseRetryAfter(response.headers),
      });
    }
    return response;
  }

  return {
    name: "llm-server",
    defaultModel: config.model,

    async *stream(request: ProviderRequest, signal: AbortSignal): AsyncIterable<StreamPart> {
      const response = await post("/chat/stream", llmServerBody(request, warnDropped), signal, "text/event-stream");
      yield { type: "response-start" };
      const body = takeUpstreamBody(response) ?? response.body;
      if (!body) throw llmErrors.protocol("The llm-server stream has no body", { provider: "llm-server" });
      let finishReason: FinishReason = "stop";
      let usage: TokenUsage | undefined;
      try {
        for await (const batch of serverSentEventBatches(body)) {
          for (const message of batch) {
            const event = readStreamEvent(message);
            if (event.text) yield { type: "text-delta", text: event.text };
            if (event.finishReason) finishReason = event.finishReason;
            usage = event.usage ?? usage;
            if (event.done) {
              yield { type: "finish", finishReason, usage, model: undefined };
              return;
            }
          }
        }
      } catch (error) {
        throw fromSdkError(error, "llm-server", signal);
      }
      if (signal.aborted) throw abortReason(signal);
      // A server may simply close the connection when it is done.
      yield { type: "finish", finishReason, usage, model: undefined };
    },

    async complete(request: ProviderRequest, signal: AbortSignal): Promise<ProviderCompletion> {
      const response = await post("/chat", llmServerBody(request, warnDropped), signal, "application/json");
      let body: unknown;
      try {
        body = await response.json();
      } catch (error) {
        if (signal.aborted) throw abortReason(signal);
        throw llmErrors.protocol("The llm-server reply is not JSON", { provider: "llm-server", cause: error });
      }
      const record = body && typeof body === "object" ? (body as Record<string, unknown>) : undefined;
      const content = record ? firstString(record, REPLY_FIELDS) : typeof body === "string" ? body : undefined;
      if (content === undefined) throw llmErrors.protocol(`The llm-server reply has none of ${REPLY_FIELDS.join(", ")}`, { provider: "llm-server" });
      return { content, finishReason: mapFinishReason(record?.finish_reason) ?? "stop", usage: readUsage(record?.usage), model: undefined };
    },
  };
}

interface StreamEvent {
  text: string | undefined;
  done: boolean;
  finishReason: FinishReason | undefined;
  usage: TokenUsage | undefined;
}

function readStreamEvent(event: EventSourceMessage): StreamEvent {
  const data = event.data.trim();
  if (data === "[DONE]") return { text: undefined, done: true, finishReason: undefined, usage: undefined };
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch (error) {
    throw llmErrors.protocol("The llm-server stream sent a chunk that is not JSON", { provider: "llm-server", cause: error });
  }
  if (!parsed || typeof parsed !== "object") throw llmErrors.protocol("The llm-server stream sent a chunk that is not an object", { provider: "llm-server" });
  const record = parsed as Record<string, unknown>;
  if (typeof record.error === "string" || (record.error && typeof record.error === "object")) {
    throw llmErrors.unavailable(`The llm-server failed mid-stream: ${errorMessageOf(JSON.stringify(record))}`, { provider: "llm-server" });
  }
  // TGI nests the token: {"token": {"text": "..."}}.
  const token = record.token && typeof record.token === "object" ? (record.token as Record<string, unknown>).text : undefined;
  const text = typeof token === "string" ? token : firstString(record, STREAM_FIELDS);
  return {
    text: text || undefined,
    done: record.done === true,
    finishReason: mapFinishReason(record.finish_reason),
    usage: readUsage(record.usage),
  };
}

function firstString(record: Record<string, unknown>, fields: readonly string[]): string | undefined {
  for (const field of fields) {
    const value = record[field];
    if (typeof value === "string") return value;
  }
  return undefined;
}

function mapFinishReason(reason: unknown): FinishReason | undefined {
  if (typeof reason !== "string" || !reason) return undefined;
  return reason === "length" || reason === "max_tokens" ? "length" : "stop";
}

function readUsage(usage: unknown): TokenUsage | undefined {
  if (!usage || typeof usage !== "object") return undefined;
  const record = usage as Record<string, unknown>;
  if (typeof record.prompt_tokens !== "number" || typeof record.completion_tokens !== "number") return undefined;
  return {
    promptTokens: record.prompt_tokens,
    completionTokens: record.completion_tokens,
    totalTokens: record.prompt_tokens + record.completion_tokens,
  };
}

function errorMessageOf(text: string): string {
  try {
    const body = JSON.parse(text) as { error?: unknown; detail?: unknown; message?: unknown };
    const error = body.error as { message?: unknown } | string | undefined;
    if (typeof error === "string") return error;
    if (error && typeof error.message === "string") return error.message;
    if (typeof body.detail === "string") return body.detail;
    if (typeof body.message === "string") return body.message;
  } catch {
    // Not JSON: the text itself is the best description.
  }
  return text.slice(0, 300);
}
