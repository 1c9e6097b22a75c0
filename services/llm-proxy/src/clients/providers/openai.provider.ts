import OpenAI, { APIError } from "openai";
import type { ChatCompletionCreateParamsBase } from "openai/resources/chat/completions";
import { MAX_STOP_SEQUENCES, type Logger } from "@chatbot/core";
import type { FinishReason, ProviderCompletion, ProviderRequest, StreamPart, TokenUsage } from "../../domain/generation.types";
import { llmErrors } from "../../domain/llm-errors";
import type { LlmProvider } from "../../domain/provider.client";
import { eventStreamFetch, takeUpstreamBody } from "./http/event-stream-fetch";
import { serverSentEventBatches } from "./http/server-sent-events";
import { abortReason, fromSdkError } from "./sdk-errors";
import { samplingTemperature } from "./sampling";
import { createDropWarner, type DropWarner } from "./unsupported-parameters";

export interface OpenAiProviderConfig {
  apiKey: string;
  /** Any OpenAI-compatible server: OpenAI, vLLM, TGI, Ollama, llama.cpp server, LM Studio. */
  baseUrl: string;
  model: string;
  logger: Logger;
}

export function openAiParameters(request: ProviderRequest, warnDropped: DropWarner): ChatCompletionCreateParamsBase {
  const { parameters } = request;
  const body: ChatCompletionCreateParamsBase = {
    model: request.model,
    messages: request.messages.map((message) => ({ role: message.role, content: message.content })),
    max_tokens: parameters.maxNewTokens,
    temperature: samplingTemperature(parameters),
  };
  if (parameters.topP !== undefined) {
    if (parameters.doSample) body.top_p = parameters.topP;
    else warnDropped("top_p", "greedy decoding ignores it");
  }
  if (parameters.stop.length > 0) {
    if (parameters.stop.length > MAX_STOP_SEQUENCES) warnDropped("stop", `only ${MAX_STOP_SEQUENCES} stop sequences are accepted`);
    body.stop = parameters.stop.slice(0, MAX_STOP_SEQUENCES);
  }
  return body;
}

export function createOpenAiProvider(config: OpenAiProviderConfig): LlmProvider {
  const client = new OpenAI({
    apiKey: config.apiKey,
    baseURL: config.baseUrl,
    organization: null,
    project: null,
    // Retries and timeouts belong to the proxy (it knows whether a token was already sent).
    maxRetries: 0,
    timeout: 60 * 60 * 1000,
    logLevel: "off",
    fetch: eventStreamFetch,
  });
  const warnDropped = createDropWarner(config.logger, "openai");

  return {
    name: "openai",
    defaultModel: config.model,

    async *stream(request: ProviderRequest, signal: AbortSignal): AsyncIterable<StreamPart> {
      const body = openAiParameters(request, warnDropped);
      let response: Response;
      try {
        response = await client.chat.completions.create({ ...body, stream: true, stream_options: { include_usage: true } }, { signal }).asResponse();
      } catch (error) {
        throw fromSdkError(error, "openai", signal);
      }
      yield { type: "response-start" };
      const events = takeUpstreamBody(response) ?? response.body;
      if (!events) throw llmErrors.protocol("The openai stream has no body", { provider: "openai" });
      let finishReason: FinishReason | undefined;
      let usage: TokenUsage | undefined;
      let model: string | undefined;
      let done = false;
      try {
        for await (const batch of serverSentEventBatches(events)) {
          // Read on to the end after [DONE], as the SDK does, so the connection can be reused.
          if (done) continue;
          for (const event of batch) {
            if (event.data.startsWith("[DONE]")) {
              done = true;
              break;
            }
            const parsed = readChunk(parseEventData(event.data, response.headers));
            model = parsed.model ?? model;
            usage = parsed.usage ?? usage;
            finishReason = parsed.finishReason ?? finishReason;
            if (parsed.text) yield { type: "text-delta", text: parsed.text };
          }
        }
      } catch (error) {
        throw fromSdkError(error, "openai", signal);
      }
      // A body cut by an abort may end quietly instead of throwing.
      if (signal.aborted) throw abortReason(signal);
      if (!finishReason) throw llmErrors.protocol("The openai stream ended without a finish reason", { provider: "openai" });
      yield { type: "finish", finishReason, usage, model };
    },

    async complete(request: ProviderRequest, signal: AbortSignal): Promise<ProviderCompletion> {
      let response: unknown;
      try {
        response = await client.chat.completions.create({ ...openAiParameters(request, warnDropped), stream: false }, { signal });
      } catch (error) {
        throw fromSdkError(error, "openai", signal);
      }
      const record = response as { choices?: unknown; usage?: unknown; model?: unknown };
      const choice = Array.isArray(record.choices) ? (record.choices[0] as { message?: { content?: unknown }; finish_reason?: unknown } | undefined) : undefined;
      const content = choice?.message?.content;
      if (typeof content !== "string") throw llmErrors.protocol("The openai reply carries no message content", { provider: "openai" });
      return {
        content,
        finishReason: mapFinishReason(choice?.finish_reason) ?? "stop",
        usage: readUsage(record.usage),
        model: typeof record.model === "string" ? record.model : undefined,
      };
    },
  };
}

/** As the SDK reads an event: JSON (a SyntaxError otherwise), and an `error` body is the server's in-stream error. */
function parseEventData(data: string, headers: Headers): unknown {
  const parsed = JSON.parse(data) as { error?: unknown } | null;
  if (parsed && typeof parsed === "object" && parsed.error) throw new APIError(undefined, parsed.error as object, undefined, headers);
  return parsed;
}

interface ParsedChunk {
  text: string | undefined;
  finishReason: FinishReason | undefined;
  usage: TokenUsage | undefined;
  model: string | undefined;
}

/** Validates one chunk's shape instead of trusting it: a chunk we cannot read ends the stream with a protocol error. */
function readChunk(chunk: unknown): ParsedChunk {
  if (!chunk || typeof chunk !== "object") throw llmErrors.protocol("The openai stream sent a chunk that is not an object", { provider: "openai" });
  const record = chunk as { choices?: unknown; usage?: unknown; model?: unknown };
  if (!Array.isArray(record.choices)) throw llmErrors.protocol("The openai stream sent a chunk without choices", { provider: "openai" });
  const choice = record.choices[0] as { delta?: { content?: unknown }; finish_reason?: unknown } | undefined;
  const content = choice?.delta?.content;
  if (content !== undefined && content !== null && typeof content !== "string") {
    throw llmErrors.protocol("The openai stream sent non-text content", { provider: "openai" });
  }
  return {
    text: typeof content === "string" && content.length > 0 ? content : undefined,
    finishReason: mapFinishReason(choice?.finish_reason),
    usage: readUsage(record.usage),
    model: typeof record.model === "string" && record.model ? record.model : undefined,
  };
}

function mapFinishReason(reason: unknown): FinishReason | undefined {
  if (typeof reason !== "string" || !reason) return undefined;
  return reason === "length" ? "length" : "stop";
}

function readUsage(usage: unknown): TokenUsage | undefined {
  if (!usage || typeof usage !== "object") return undefined;
  const record = usage as { prompt_tokens?: unknown; completion_tokens?: unknown; total_tokens?: unknown };
  if (typeof record.prompt_tokens !== "number" || typeof record.completion_tokens !== "number") return undefined;
  return {
    promptTokens: record.prompt_tokens,
    completionTokens: record.completion_tokens,
    totalTokens: typeof record.total_tokens === "number" ? record.total_tokens : record.prompt_tokens + record.completion_tokens,
  };
}
