import { createParser } from "eventsource-parser";
import { llmProxyEnvFor, type LlmUpstream, replyText, reportMeasurement, scaledTimeout, startLlmUpstream, waitFor } from "@chatbot/testkit";
import { startGatewayHarness, type GatewayHarness } from "../../services/gateway/test/support/gateway-harness";
import { postJson, readSse, type SseEvent } from "../../services/gateway/test/support/sse-client";
import { startServiceProcess, type ServiceProcess } from "./support/service-process";

/**
 * The llm-proxy crashes (SIGKILL, as the OOM killer would) while replies stream through
 * the gateway. It runs as its own process on a fixed port; the gateway and the session
 * service run in this process and are never restarted.
 */

const STREAMS = 8;
const QUESTIONS = [
  "서울에서 가볼 만한 곳을 알려 주세요.",
  "김치찌개 끓이는 법을 자세히 설명해 주세요.",
  "한국어 존댓말은 어떻게 쓰나요?",
  "부산 바다 여행 일정을 짜 주세요.",
  "조선 시대 역사를 길게 이야기해 주세요.",
  "겨울철 건강 관리 방법이 궁금해요.",
  "안녕하세요, 반갑습니다. 자기소개를 해 주세요.",
  "제주도 날씨는 어떤가요?",
];

let upstream: LlmUpstream;
let llmProxy: ServiceProcess;
let harness: GatewayHarness;
let baseUrl: string;

beforeAll(async () => {
  // Slow enough that every reply is still streaming when the llm-proxy dies.
  upstream = await startLlmUpstream({ tokens: 400, tokenIntervalMs: 40 });
  llmProxy = await startServiceProcess({
    service: "llm-proxy",
    env: {
      LOG_LEVEL: "silent",
      ...llmProxyEnvFor(upstream),
    },
  });
  harness = await startGatewayHarness({}, { llmProxyAddress: llmProxy.address });
  baseUrl = await harness.listen();
}, scaledTimeout(45_000));

afterAll(async () => {
  try {
    await harness?.close();
  } finally {
    await llmProxy?.dispose();
    await upstream?.close();
  }
});

/** A stream read as it arrives, so the test can act while replies are half-way. */
interface LiveStream {
  status: number;
  events: SseEvent[];
  chunks(): string;
  /** When the response ended (the server closed it). */
  ended: Promise<number>;
}

async function openStream(message: string): Promise<LiveStream> {
  const response = await fetch(`${baseUrl}/api/chat/stream`, postJson({ message, max_new_tokens: 400 }));
  const events: SseEvent[] = [];
  const parser = createParser({ onEvent: (event) => events.push({ id: Number(event.id), data: JSON.parse(event.data) }) });
  const ended = (async () => {
    const decoder = new TextDecoder();
    for await (const bytes of response.body!) parser.feed(decoder.decode(bytes as Uint8Array, { stream: true }));
    return Date.now();
  })();
  return {
    status: response.status,
    events,
    chunks: () => events.map((event) => event.data.chunk ?? "").join(""),
    ended,
  };
}

async function history(sessionId: string): Promise<Record<string, any>[]> {
  const response = await fetch(`${baseUrl}/api/sessions/${sessionId}/messages`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { messages: Record<string, any>[] }).messages;
}

describe("llm-proxy killed mid-stream", () => {
  it(
    "ends every open stream with an error event at once and stores each question and partial reply",
    async () => {
      const streams = await Promise.all(QUESTIONS.slice(0, STREAMS).map(openStream));
      for (const stream of streams) expect(stream.status).toBe(200);
      await waitFor(() => streams.every((stream) => stream.events.filter((event) => "chunk" in event.data).length >= 3), {
        timeoutMs: 10_000,
        what: "every stream half-way",
      });

      const killedAt = Date.now();
      await llmProxy.kill("SIGKILL");
      const endedAt = await Promise.all(streams.map((stream) => stream.ended));
      const slowestMs = Math.max(...endedAt) - killedAt;
      expect(slowestMs).toBeLessThan(scaledTimeout(3000));

      const statuses = new Set<string>();
      for (const [index, stream] of streams.entries()) {
        const [start, ...rest] = stream.events;
        expect(start!.data).toEqual({ session_id: expect.any(String), message_id: expect.any(String) });
        expect(rest.some((event) => "done" in event.data)).toBe(false);
        expect(rest.at(-1)!.data).toEqual({ error: { code: "service_unavailable", message: expect.any(String) } });
        const received = stream.chunks();
        expect(received.length).toBeGreaterThan(0);
        expect(replyText(400).startsWith(received)).toBe(true);
        expect(received.length).toBeLessThan(replyText(400).length);

        const stored = await history(start!.data.session_id);
        expect(stored.map((message) => [message.role, message.content])).toEqual([
          ["user", QUESTIONS[index]],
          ["assistant", received],
        ]);
        expect(stored[0]!.status).toBe("complete");
        expect(stored[1]).toMatchObject({ message_id: start!.data.message_id, status: expect.stringMatching(/^(failed|interrupted)$/) });
        // A failed reply names why, with the same code the client was sent.
        expect(stored[1]!.error_code).toBe(stored[1]!.status === "failed" ? "service_unavailable" : null);
        statuses.add(stored[1]!.status);
      }
      const received = streams.map((stream) => stream.chunks().length);
      reportMeasurement("llm-proxy killed", {
        streams: STREAMS,
        charactersReceived: [Math.min(...received), Math.max(...received)],
        endedWithinMs: slowestMs,
        storedAs: [...statuses],
      });
      // The crash closed the provider connections too: nothing keeps generating for nobody.
      await waitFor(() => upstream.requests.length === STREAMS && upstream.requests.every((request) => request.closedEarly), {
        what: "upstream connections closed",
      });
    },
    scaledTimeout(30_000),
  );

  it(
    "serves new chats through the same gateway once the llm-proxy is started again on its port",
    async () => {
      await llmProxy.kill("SIGKILL");
      // A chat while it is down fails at once with a typed 503 (and leaves the gateway's channel backing off).
      const askedAt = Date.now();
      const whileDown = await fetch(`${baseUrl}/api/chat`, postJson({ message: "지금 답할 수 있나요?" }));
      expect(whileDown.status).toBe(503);
      expect(((await whileDown.json()) as Record<string, any>).error.code).toBe("service_unavailable");
      expect(Date.now() - askedAt).toBeLessThan(scaledTimeout(2000));

      upstream.configure({ tokens: 12, tokenIntervalMs: 0 });
      const restartedAt = Date.now();
      const startupMs = await llmProxy.start();
      const readyAt = Date.now();

      let attempts = 0;
      const reply = await waitFor(
        async () => {
          attempts += 1;
          const response = await fetch(`${baseUrl}/api/chat`, postJson({ message: "다시 연결됐나요? 짧게 답해 주세요." }));
          return response.status === 200 ? ((await response.json()) as Record<string, any>) : undefined;
        },
        { timeoutMs: 10_000, intervalMs: 100, what: "a chat answered after the restart" },
      );
      const recoveredAt = Date.now();
      reportMeasurement("llm-proxy restarted", {
        readyMs: startupMs,
        firstChatAfterReadyMs: recoveredAt - readyAt,
        firstChatAfterRestartMs: recoveredAt - restartedAt,
        attempts,
      });
      expect(recoveredAt - readyAt).toBeLessThan(scaledTimeout(5000));
      expect(reply).toMatchObject({ content: replyText(12), finish_reason: "stop", model: "test-model" });

      const streamed = await readSse(`${baseUrl}/api/chat/stream`, postJson({ message: "스트리밍도 다시 되나요?" }));
      expect(streamed.status).toBe(200);
      expect(streamed.events.at(-1)!.data).toMatchObject({ done: true, finish_reason: "stop" });
      const content = streamed.events.map((event) => event.data.chunk ?? "").join("");
      expect(content).toBe(replyText(12));
      const stored = await history(streamed.events[0]!.data.session_id);
      expect(stored.map((message) => [message.role, message.status, message.content])).toEqual([
        ["user", "complete", "스트리밍도 다시 되나요?"],
        ["assistant", "complete", content],
      ]);
    },
    scaledTimeout(30_000),
  );
});
