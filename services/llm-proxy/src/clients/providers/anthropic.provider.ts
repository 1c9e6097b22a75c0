import Anthropic from "@anthropic-ai/sdk";
import type { MessageCreateParamsBase, MessageParam } from "@anthropic-ai/sdk/resources/messages";
import type { Logger } from "@chatbot/core";
import type { ChatMessage, FinishReason, ProviderCompletion, ProviderRequest, StreamPart } from "../../domain/generation.types";
import { llmErrors } from "../../domain/llm-errors";
import type { LlmProvider } from "../../domain/provider.client";
import { abortReason, fromSdkError } from "./sdk-errors";
import { createDropWarner, type DropWarner } from "./unsupported-parameters";

export interface AnthropicProviderConfig {
  apiKey: string;
  baseUrl: string;
  model: string;
  logger: Logger;
}

/**
 * System messages go to `system`; the rest must alternate user/assistant, so
 * consecutive messages of one role are merged.
 */
export function toAnthropicMessages(messages: ChatMessage[]): { system: string | undefined; messages: MessageParam[] } {
  const system = messages.filter((message) => message.role === "system").map((message) => message.content);
  const merged: MessageParam[] = [];
  for (const message of messages) {
    if (message.role === "system") continue;
    const last = merged[merged.length - 1];
    if (last && last.role === message.role) last.content = `${last.content as string}\n\n${message.content}`;
    else merged.push({ role: message.role, content: message.content });
  }
  return { system: system.length > 0 ? system.join("\n\n") : undefined, messages: merged };
}

/**
 * The Messages API of this SDK generation takes no sampling parameters (temperature,
 * top_p): the model decides. They are dropped with a warning, and greedy decoding
 * cannot be requested.
 */
export function anthropicParameters(request: ProviderRequest, warnDropped: DropWarner): MessageCreateParamsBase {
  const { parameters } = request;
  const { system, messages } = toAnthropicMessages(request.messages);
  warnDropped(
    parameters.doSample ? "temperature" : "do_sample",
    parameters.doSample ? "the Messages API takes no temperature" : "the Messages API has no greedy decoding",
  );
  if (parameters.topP !== undefined) warnDropped("top_p", "the Messages API takes no top_p");
  const body: MessageCreateParamsBase = { model: request.model, max_tokens: parameters.maxNewTokens, messages };
  if (system !== undefined) body.system = system;
  if (parameters.stop.length > 0) body.stop_sequences = parameters.stop;
  return body;
}

export function createAnthropicProvider(config: AnthropicProviderConfig): LlmProvider {
  const client = new Anthropic({
    apiKey: config.apiKey,
    baseURL: config.baseUrl,
    maxRetries: 0,
    timeout: 60 * 60 * 1000,
    logLevel: "off",
  });
  const warnDropped = createDropWarner(config.logger, "anthropic");

  return {
    name: "anthropic",
    defaultModel: config.model,

    async *stream(request: ProviderRequest, signal: AbortSignal): AsyncIterable<StreamPart> {
      const body = anthropicParameters(request, warnDropped);
      let stream: AsyncIterable<unknown>;
      try {
        stream = await client.messages.create({ ...body, stream: true }, { signal });
      } catch (error) {
        throw fromSdkError(error, "anthropic", signal);
      }
      yield { type: "response-start" };
      let finishReason: FinishReason | undefined;
      let promptTokens: number | undefined;
      let completionTokens: number | undefined;
      let model: string | undefined;
      let stopped = false;
      try {
        for await (const event of stream) {
          const record = asRecord(event);
          switch (record.type) {
            case "message_start": {
              const message = asRecord(record.message);
              const usage = optionalRecord(message.usage);
              if (typeof message.model === "string") model = message.model;
              if (typeof usage.input_tokens === "number") promptTokens = usage.input_tokens;
              if (typeof usage.output_tokens === "number") completionTokens = usage.output_tokens;
              break;
            }
            case "content_block_delta": {
              const delta = asRecord(record.delta);
              if (delta.type === "text_delta") {
                if (typeof delta.text !== "string") throw llmErrors.protocol("The anthropic stream sent a text delta without text", { provider: "anthropic" });
                if (delta.text) yield { type: "text-delta", text: delta.text };
              }
              break;
            }
            case "message_delta": {
              const delta = asRecord(record.delta);
              const usage = optionalRecord(record.usage);
              finishReason = mapStopReason(delta.stop_reason) ?? finishReason;
              if (typeof usage.output_tokens === "number") completionTokens = usage.output_tokens;
              if (typeof usage.input_tokens === "number" && usage.input_tokens > 0) promptTokens = usage.input_tokens;
              break;
            }
            case "message_stop":
              stopped = true;
              break;
            default:
              // content_block_start/stop, ping and event types added later carry nothing we need.
              break;
          }
        }
      } catch (error) {
        throw fromSdkError(error, "anthropic", signal);
      }
      if (signal.aborted) throw abortReason(signal);
      if (!stopped) throw llmErrors.protocol("The anthropic stream ended before message_stop", { provider: "anthropic" });
      yield {
        type: "finish",
        finishReason: finishReason ?? "stop",
        usage:
          promptTokens !== undefined && completionTokens !== undefined ? { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens } : undefined,
        model,
      };
    },

    async complete(request: ProviderRequest, signal: AbortSignal): Promise<ProviderCompletion> {
      let response: unknown;
      try {
        response = await client.messages.create({ ...anthropicParameters(request, warnDropped), stream: false }, { signal });
      } catch (error) {
        throw fromSdkError(error, "anthropic", signal);
      }
      const record = asRecord(response);
      if (!Array.isArray(record.content)) throw llmErrors.protocol("The anthropic reply carries no content", { provider: "anthropic" });
      const content = record.content
        .map((block) => asRecord(block))
        .filter((block) => block.type === "text" && typeof block.text === "string")
        .map((block) => block.text as string)
        .join("");
      const usage = optionalRecord(record.usage);
      const promptTokens = usage.input_tokens;
      const completionTokens = usage.output_tokens;
      return {
        content,
        finishReason: mapStopReason(record.stop_reason) ?? "stop",
        usage:
          typeof promptTokens === "number" && typeof completionTokens === "number"
            ? { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens }
            : undefined,
        model: typeof record.model === "string" ? record.model : undefined,
      };
    },
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  if (!value || typeof value !== "object") throw llmErrors.protocol("The anthropic reply is not a JSON object where one was expected", { provider: "anthropic" });
  return value as Record<string, unknown>;
}

function optionalRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

function mapStopReason(reason: unknown): FinishReason | undefined {
  if (typeof reason !== "string" || !reason) return undefined;
  return reason === "max_tokens" ? "length" : "stop";
}
