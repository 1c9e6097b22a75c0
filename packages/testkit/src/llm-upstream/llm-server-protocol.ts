import { replyText } from "./korean-reply";
import { streamTokens } from "./stream-tokens";
import type { UpstreamExchange } from "./upstream-types";

/** The plain llm-server: POST /chat (JSON) and POST /chat/stream (SSE) in the configured reply shape. */
export async function serveLlmServer(exchange: UpstreamExchange): Promise<void> {
  const { fault, options } = exchange;
  if (fault?.kind === "status") {
    exchange.json(fault.status, { detail: fault.message ?? `오류가 발생했습니다 (${fault.status})` }, fault.retryAfter ? { "retry-after": fault.retryAfter } : {});
    return;
  }
  if (fault?.kind === "hang") return;
  const shape = options.llmServer;
  if (!exchange.stream) {
    exchange.json(200, { [shape.replyField]: replyText(exchange.tokens, exchange.options.script) });
    return;
  }
  exchange.startEvents();
  const outcome = await streamTokens(exchange, {
    token: (text) => exchange.write(`data: ${JSON.stringify({ [shape.streamField]: text })}\n\n`),
    malformed: () => exchange.write(`data: {"${shape.streamField}": "깨진\n\n`),
    errorEvent: () => exchange.write(`data: ${JSON.stringify({ error: "생성 중 오류가 발생했습니다" })}\n\n`),
  });
  if (outcome !== "complete") return;
  if (shape.end === "done-marker") exchange.write("data: [DONE]\n\n");
  else if (shape.end === "done-flag") exchange.write(`data: ${JSON.stringify({ done: true })}\n\n`);
  exchange.end();
}
