// A client of the llm-proxy floor's gRPC relay (bench/floor/floor-servers.ts): raw OpenAI chunks
// as messages, counted by their content deltas.
import type { FloorClientInstance } from "../floor/floor-servers";
import type { StreamResult } from "./stream-level";

/** A streamed OpenAI chat request for `tokens` tokens, as the floors relay it. */
export function chatRequestBody(tokens: number): Buffer {
  return Buffer.from(
    JSON.stringify({
      model: "gpt-bench",
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: tokens,
      messages: [{ role: "user", content: "서울 날씨 알려줘 ☀️" }],
    }),
  );
}

/** One per token in an OpenAI chunk; the first chunk (role, empty content) does not match. */
const TOKEN_MARK = '"delta":{"content":"';

export function countTokens(text: string): number {
  let count = 0;
  for (let at = text.indexOf(TOKEN_MARK); at >= 0; at = text.indexOf(TOKEN_MARK, at + TOKEN_MARK.length)) count += 1;
  return count;
}

/** One Relay stream of `body` (an OpenAI chat request); ok when all `tokens` arrived. */
export function streamFloorRelay(client: FloorClientInstance, body: Buffer, tokens: number): Promise<StreamResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    let ttftMs = 0;
    let counted = 0;
    const call = client.Relay(body);
    call.on("data", (message: Buffer) => {
      const found = countTokens(message.toString());
      if (found > 0 && counted === 0) ttftMs = performance.now() - started;
      counted += found;
    });
    call.on("end", () => resolve({ ttftMs, tokens: counted, ok: counted === tokens }));
    call.on("error", () => resolve({ ttftMs, tokens: counted, ok: false }));
  });
}
