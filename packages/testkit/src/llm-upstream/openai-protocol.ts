import { randomUUID } from "node:crypto";
import { promptTokensOf, replyText } from "./korean-reply";
import { streamTokens } from "./stream-tokens";
import type { UpstreamExchange } from "./upstream-types";

/** OpenAI chat completions: JSON or SSE chunks ending `data: [DONE]`, usage chunk when asked for. */
export async function serveOpenAi(exchange: UpstreamExchange): Promise<void> {
  const { record, fault } = exchange;
  const body = record.body;
  const model = typeof body.model === "string" ? body.model : "gpt-test";
  if (fault?.kind === "status") {
    exchange.json(fault.status, openAiError(fault.status, fault.message, fault.code), fault.retryAfter ? { "retry-after": fault.retryAfter } : {});
    return;
  }
  if (fault?.kind === "hang") return;
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const promptTokens = promptTokensOf(body.messages);
  const finishReason = exchange.truncated ? "length" : "stop";
  const usage = { prompt_tokens: promptTokens, completion_tokens: exchange.tokens, total_tokens: promptTokens + exchange.tokens };

  if (!exchange.stream) {
    exchange.json(200, {
      id,
      object: "chat.completion",
      created,
      model,
      choices: [
        {
          index: 0,
          message: { role: "assistant", content: replyText(exchange.tokens, exchange.options.script), refusal: null },
          logprobs: null,
          finish_reason: finishReason,
        },
      ],
      usage,
    });
    return;
  }

  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices, ...extra })}\n\n`;
  exchange.startEvents();
  exchange.write(chunk([{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }]));
  const outcome = await streamTokens(exchange, {
    token: (text) => exchange.write(chunk([{ index: 0, delta: { content: text }, logprobs: null, finish_reason: null }])),
    malformed: () => exchange.write(`data: {"id":"${id}","choices":[{"index":0,"delta":{"content":"깨진 조각\n\n`),
    errorEvent: () =>
      exchange.write(`data: ${JSON.stringify({ error: { message: "서버 내부 오류가 발생했습니다", type: "server_error", param: null, code: null } })}\n\n`),
  });
  if (outcome !== "complete") return;
  exchange.write(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: finishReason }]));
  const options = body.stream_options as { include_usage?: unknown } | undefined;
  if (options?.include_usage === true) exchange.write(chunk([], { usage }));
  exchange.write("data: [DONE]\n\n");
  exchange.end();
}

export function openAiModels(): unknown {
  return { object: "list", data: [{ id: "gpt-test", object: "model", created: 0, owned_by: "testkit" }] };
}

function openAiError(status: number, message: string | undefined, code: string | undefined) {
  const defaults: Record<number, [string, string, string]> = {
    400: ["invalid_request_error", "invalid_request", "요청이 올바르지 않습니다"],
    401: ["invalid_request_error", "invalid_api_key", "Incorrect API key provided"],
    429: ["requests", "rate_limit_exceeded", "Rate limit reached for requests"],
    500: ["server_error", "server_error", "The server had an error while processing your request"],
    503: ["server_error", "service_unavailable", "The engine is currently overloaded"],
  };
  const [type, defaultCode, defaultMessage] = defaults[status] ?? ["server_error", "server_error", `status ${status}`];
  return { error: { message: message ?? defaultMessage, type, param: null, code: code ?? defaultCode } };
}
