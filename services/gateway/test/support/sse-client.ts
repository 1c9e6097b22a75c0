import { createParser } from "eventsource-parser";

export interface SseEvent {
  id: number;
  data: Record<string, any>;
}

export interface SseReadResult {
  status: number;
  headers: Headers;
  events: SseEvent[];
  comments: string[];
  /** The error body when the server answered with JSON instead of a stream. */
  body?: Record<string, any>;
}

/**
 * Reads a Server-Sent Events response like a browser would. `stopAfter` disconnects
 * after that many events, as a client that loses its connection; `onEvent` sees each
 * event as it arrives, so a test can act on a stream still running.
 */
export async function readSse(url: string, init: RequestInit = {}, options: { stopAfter?: number; onEvent?: (event: SseEvent) => void } = {}): Promise<SseReadResult> {
  const controller = new AbortController();
  const response = await fetch(url, { ...init, signal: controller.signal });
  const result: SseReadResult = { status: response.status, headers: response.headers, events: [], comments: [] };
  if (!response.headers.get("content-type")?.startsWith("text/event-stream")) {
    result.body = (await response.json()) as Record<string, any>;
    return result;
  }
  const parser = createParser({
    onEvent: (event) => {
      const parsed = { id: Number(event.id), data: JSON.parse(event.data) };
      result.events.push(parsed);
      options.onEvent?.(parsed);
    },
    onComment: (comment) => result.comments.push(comment),
  });
  const decoder = new TextDecoder();
  const reader = response.body!.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
      if (options.stopAfter !== undefined && result.events.length >= options.stopAfter) {
        controller.abort();
        break;
      }
    }
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  }
  return result;
}

/** The ids a chat stream's first event announces. */
export interface ChatStreamIds {
  sessionId: string;
  messageId: string;
}

/**
 * A chat stream read to its end, and the ids its first event announces: what a client stops or
 * resumes with, known while the reply is still streaming. A stream that ends, or is refused,
 * without announcing them fails `started` at once.
 */
export function readChatStream(url: string, init: RequestInit): { result: Promise<SseReadResult>; started: Promise<ChatStreamIds> } {
  let announce: (ids: ChatStreamIds) => void = () => undefined;
  let refuse: (error: unknown) => void = () => undefined;
  const started = new Promise<ChatStreamIds>((resolve, reject) => {
    announce = resolve;
    refuse = reject;
  });
  started.catch(() => undefined);
  const result = readSse(url, init, {
    onEvent: ({ data }) => {
      if (data.message_id) announce({ sessionId: data.session_id as string, messageId: data.message_id as string });
    },
  });
  result.then((read) => refuse(new Error(`the stream ended without announcing its ids (status ${read.status})`)), refuse);
  return { result, started };
}

export function postJson(body: unknown): RequestInit {
  return { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}
