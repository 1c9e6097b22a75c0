import { createParser } from "eventsource-parser";
import { performance } from "node:perf_hooks";

export interface StreamMeasurement {
  ok: boolean;
  /** From sending the request to the first text delta. */
  ttftMs: number;
  tokens: number;
  error?: string;
}

/**
 * Sends one streaming request and measures it. `deltaOf` extracts the text delta of an
 * event's data (or undefined for events without text); `isEnd` spots the last event;
 * `tokensOf`, where the last event reports usage, gives the token count (deltas that
 * arrive together may be merged, so counting deltas would undercount).
 */
export async function measureStream(
  url: string,
  body: unknown,
  deltaOf: (data: string) => string | undefined,
  isEnd: (data: string) => boolean,
  tokensOf?: (endData: string) => number | undefined,
): Promise<StreamMeasurement> {
  const started = performance.now();
  let ttftMs = -1;
  let tokens = 0;
  let ended = false;
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer bench" },
      body: JSON.stringify(body),
    });
    if (!response.ok || !response.body) return { ok: false, ttftMs, tokens, error: `status ${response.status}` };
    const parser = createParser({
      onEvent(event) {
        if (isEnd(event.data)) {
          ended = true;
          tokens = tokensOf?.(event.data) ?? tokens;
          return;
        }
        const delta = deltaOf(event.data);
        if (delta) {
          if (ttftMs < 0) ttftMs = performance.now() - started;
          tokens += 1;
        }
      },
    });
    const decoder = new TextDecoder();
    for await (const chunk of response.body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
    return { ok: ended && tokens > 0, ttftMs, tokens, ...(ended ? {} : { error: "stream ended early" }) };
  } catch (error) {
    return { ok: false, ttftMs, tokens, error: (error as Error).message };
  }
}
