import { randomUUID } from "node:crypto";
import { promptTokensOf, replyText } from "./korean-reply";
import { streamTokens } from "./stream-tokens";
import type { UpstreamExchange } from "./upstream-types";

/** Anthropic Messages: JSON, or the SSE event sequence message_start … message_stop with ping and error events. */
export async function serveAnthropic(exchange: UpstreamExchange): Promise<void> {
  const { record, fault } = exchange;
  const body = record.body;
  const model = typeof body.model === "string" ? body.model : "claude-test";
  if (fault?.kind === "status") {
    const headers: Record<string, string> = { "request-id": `req_${randomUUID()}` };
    if (fault.retryAfter) headers["retry-after"] = fault.retryAfter;
    exchange.json(fault.status, anthropicError(fault.status, fault.message), headers);
    return;
  }
  if (fault?.kind === "hang") return;
  const id = `msg_${randomUUID().replaceAll("-", "")}`;
  const inputTokens = promptTokensOf(body.messages) + (typeof body.system === "string" ? Math.ceil(body.system.length / 2) : 0);
  const stopReason = exchange.truncated ? "max_tokens" : "end_turn";

  if (!exchange.stream) {
    exchange.json(200, {
      id,
      type: "message",
      role: "assistant",
      model,
      content: [{ type: "text", text: replyText(exchange.tokens, exchange.options.script) }],
      stop_reason: stopReason,
      stop_sequence: null,
      usage: { input_tokens: inputTokens, output_tokens: exchange.tokens },
    });
    return;
  }

  const event = (name: string, data: unknown) => exchange.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
  exchange.startEvents();
  event("message_start", {
    type: "message_start",
    message: {
      id,
      type: "message",
      role: "assistant",
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: inputTokens, output_tokens: 1 },
    },
  });
  event("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "text", text: "" } });
  event("ping", { type: "ping" });
  const outcome = await streamTokens(exchange, {
    token: (text) => event("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "text_delta", text } }),
    malformed: () => exchange.write(`event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"깨진\n\n`),
    errorEvent: () => event("error", { type: "error", error: { type: "overloaded_error", message: "Overloaded" } }),
  });
  if (outcome !== "complete") return;
  event("content_block_stop", { type: "content_block_stop", index: 0 });
  event("message_delta", { type: "message_delta", delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: exchange.tokens } });
  event("message_stop", { type: "message_stop" });
  exchange.end();
}

function anthropicError(status: number, message: string | undefined) {
  const types: Record<number, [string, string]> = {
    400: ["invalid_request_error", "요청이 올바르지 않습니다"],
    401: ["authentication_error", "invalid x-api-key"],
    403: ["permission_error", "Your API key does not have permission to use the specified resource."],
    413: ["request_too_large", "Request exceeds the maximum allowed number of bytes."],
    429: ["rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit"],
    500: ["api_error", "An unexpected error has occurred internal to Anthropic's systems."],
    529: ["overloaded_error", "Overloaded"],
  };
  const [type, defaultMessage] = types[status] ?? ["api_error", `status ${status}`];
  return { type: "error", error: { type, message: message ?? defaultMessage }, request_id: `req_${randomUUID()}` };
}
