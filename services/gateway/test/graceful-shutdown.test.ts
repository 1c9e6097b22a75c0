import { Agent, request as httpRequest } from "node:http";
import { createParser } from "eventsource-parser";
import request from "supertest";
import { createMetricsRegistry } from "@chatbot/observability";
import type { ServiceHandle } from "@chatbot/runtime";
import { type RecordedUpstreamRequest, replyText, scaledTimeout, testLogger, waitFor } from "@chatbot/testkit";
import { loadGatewayConfig, startGateway } from "../src";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";

const GRACE_MS = 2000;

interface WatchedStream {
  events: Record<string, any>[];
  /** Resolves when the response has ended. */
  ended: Promise<void>;
  /** Resolves when the server closed the connection the stream came on. */
  connectionClosed: Promise<number>;
}

/**
 * POST /api/chat/stream over its own kept-alive connection, so the test sees both the
 * events and what the server does with the connection afterwards.
 */
function streamChat(baseUrl: string, message: string): WatchedStream {
  const events: Record<string, any>[] = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let closed!: (at: number) => void;
  const connectionClosed = new Promise<number>((resolve) => (closed = resolve));
  const ended = new Promise<void>((resolve, reject) => {
    const outgoing = httpRequest(`${baseUrl}/api/chat/stream`, { method: "POST", agent, headers: { "content-type": "application/json" } }, (response) => {
      const parser = createParser({ onEvent: (event) => events.push(JSON.parse(event.data) as Record<string, any>) });
      response.setEncoding("utf8");
      response.on("data", (text: string) => parser.feed(text));
      response.on("end", () => resolve());
      response.on("error", reject);
    });
    outgoing.on("socket", (socket) => socket.once("close", () => closed(Date.now())));
    outgoing.on("error", reject);
    outgoing.end(JSON.stringify({ message }));
  });
  return { events, ended, connectionClosed };
}

const chunksOf = (events: Record<string, any>[]) =>
  events
    .filter((event) => "chunk" in event)
    .map((event) => event.chunk as string)
    .join("");

async function connectionError(url: string): Promise<string | undefined> {
  try {
    await fetch(url);
    return undefined;
  } catch (error) {
    return (error as { cause?: { code?: string } }).cause?.code ?? String(error);
  }
}

describe("gateway stop(): replies in flight", () => {
  let harness: GatewayHarness;
  let gateway: ServiceHandle | undefined;
  let baseUrl: string;

  let short: WatchedStream;
  let long: WatchedStream;
  let longUpstream: RecordedUpstreamRequest;
  let stopStartedAt: number;
  let stoppedAfterMs: number;
  let freshConnection: string | undefined;

  async function history(sessionId: string) {
    const response = await request(harness.app).get(`/api/sessions/${sessionId}/messages`);
    return response.body.messages as Record<string, any>[];
  }

  beforeAll(async () => {
    harness = await startGatewayHarness();
    const config = loadGatewayConfig({
      AUTH_MODE: "none",
      HOST: "127.0.0.1",
      PORT: "0",
      SESSION_ADDR: harness.session.address,
      LLM_PROXY_ADDR: harness.llmProxy.address,
      RETRIEVAL_ADDR: harness.retrieval.address,
      SHUTDOWN_GRACE_SECONDS: String(GRACE_MS / 1000),
    });
    gateway = await startGateway(config, { logger: testLogger("gateway-shutdown"), registry: createMetricsRegistry({ collectDefaults: false }) });
    baseUrl = `http://127.0.0.1:${gateway.port}`;

    // About a second of reply: ends inside the grace.
    harness.upstream.configure({ tokens: 10, tokenIntervalMs: 100 });
    short = streamChat(baseUrl, "짧게 대답해 주세요.");
    await waitFor(() => harness.upstream.requests.length === 1, { what: "the short reply upstream" });
    // Twenty seconds of reply: still running at the deadline.
    harness.upstream.configure({ tokens: 400, tokenIntervalMs: 50 });
    long = streamChat(baseUrl, "아주 긴 이야기를 들려주세요.");
    longUpstream = await waitFor(() => harness.upstream.requests[1]);
    await waitFor(() => harness.upstream.requests.every((recorded) => recorded.tokensSent >= 2), { what: "both replies flowing" });

    stopStartedAt = Date.now();
    const stopping = gateway.stop().then(() => (stoppedAfterMs = Date.now() - stopStartedAt));
    freshConnection = await connectionError(`${baseUrl}/readyz`);
    await Promise.all([short.ended, long.ended, stopping]);
  }, scaledTimeout(30_000));

  afterAll(async () => {
    await gateway?.stop().catch(() => undefined);
    await harness?.close();
  });

  it("lets a reply that ends within the grace finish normally, stored complete", async () => {
    expect(short.events.at(-1)).toMatchObject({ done: true, finish_reason: "stop" });
    expect(chunksOf(short.events)).toBe(replyText(10));
    const stored = await history(short.events[0]!.session_id);
    expect(stored.at(-1)).toMatchObject({ role: "assistant", status: "complete", content: replyText(10) });
  });

  it("ends a reply still running at the deadline with a shutting_down error event, stored interrupted with what was said", async () => {
    const last = long.events.at(-1)!;
    expect(last).toEqual({ error: { code: "shutting_down", message: expect.any(String) } });
    const streamed = chunksOf(long.events);
    expect(streamed.length).toBeGreaterThan(0);
    expect(replyText(400).startsWith(streamed)).toBe(true);
    const stored = await history(long.events[0]!.session_id);
    expect(stored.at(-1)).toMatchObject({ role: "assistant", status: "interrupted", content: streamed });
    // The LLM call is cancelled too, at the deadline and not before.
    await waitFor(() => longUpstream.closedEarly, { what: "upstream connection closed" });
    expect(longUpstream.closedAt! - stopStartedAt).toBeGreaterThanOrEqual(GRACE_MS - 100);
    expect(longUpstream.closedAt! - stopStartedAt).toBeLessThan(GRACE_MS + 1000);
    expect(stoppedAfterMs).toBeGreaterThanOrEqual(GRACE_MS - 100);
    expect(stoppedAfterMs).toBeLessThan(GRACE_MS + 1500);
  });

  it("takes no new requests once stopping: new connections are refused and a finished reply's connection is closed", async () => {
    expect(freshConnection).toBe("ECONNREFUSED");
    // A kept-alive connection must not stay open to carry new work while the server drains.
    const closedAt = await short.connectionClosed;
    expect(closedAt - stopStartedAt).toBeLessThan(GRACE_MS);
    expect(harness.upstream.requests).toHaveLength(2);
  });
});

describe("a chat that reaches the app after draining began", () => {
  let harness: GatewayHarness;

  beforeAll(async () => {
    harness = await startGatewayHarness();
  });
  afterAll(() => harness?.close());

  it("is refused with 503 shutting_down and Retry-After, and nothing is generated", async () => {
    const instance = await harness.secondInstance();
    await instance.close();
    const response = await request(instance.app).post("/api/chat").send({ message: "종료 중에도 대답할 수 있나요?" });
    expect(response.status).toBe(503);
    expect(response.body.error).toMatchObject({ code: "shutting_down" });
    expect(response.headers["retry-after"]).toBe("1");
    expect(harness.upstream.requests).toHaveLength(0);
  });
});
