import { expectMeasuredOn, replyText, replyToken, startLlmUpstream, testLogger, waitFor, type LlmUpstream } from "@chatbot/testkit";
import { eventStreamFetch, takeUpstreamBody } from "../src/clients/providers/http/event-stream-fetch";
import { serverSentEventBatches } from "../src/clients/providers/http/server-sent-events";
import { createOpenAiProvider } from "../src/clients/providers/openai.provider";
import { providerRequest } from "./support/requests";
import { collect } from "./support/providers";

describe("the providers' event-stream fetch", () => {
  let upstream: LlmUpstream;

  beforeAll(async () => {
    upstream = await startLlmUpstream({ tokens: 4 });
  });
  afterEach(() => {
    upstream.reset();
    upstream.configure({ tokens: 4, tokenIntervalMs: 0 });
  });
  afterAll(() => upstream.close());

  const chat = (stream: boolean, signal?: AbortSignal) =>
    eventStreamFetch(`${upstream.openaiBaseUrl}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Bearer sk-test" },
      body: JSON.stringify({ model: "gpt-test", stream, messages: [{ role: "user", content: "안녕하세요" }] }),
      signal,
    });

  it("hands a stream's body over as Node stream of its Korean events", async () => {
    const response = await chat(true);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const body = takeUpstreamBody(response);
    expect(body).toBeDefined();
    const events = (await collect(serverSentEventBatches(body!))).flat().map((event) => event.data);
    expect(events[events.length - 1]).toBe("[DONE]");
    const text = events
      .slice(0, -1)
      .map((data) => (JSON.parse(data) as { choices: { delta: { content?: string } }[] }).choices[0]?.delta.content ?? "")
      .join("");
    expect(text).toBe(replyText(4));
  });

  it("gives an ordinary Response to everything else: JSON, and error statuses with their body", async () => {
    const json = await chat(false);
    expect(((await json.json()) as { choices: { message: { content: string } }[] }).choices[0]!.message.content).toBe(replyText(4));
    // Once the web body is read, the Node body is no longer on offer.
    expect(takeUpstreamBody(json)).toBeUndefined();

    upstream.fail({ kind: "status", status: 429, retryAfter: "3", message: "요청이 너무 많습니다" });
    const limited = await chat(true);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect(((await limited.json()) as { error: { message: string } }).error.message).toBe("요청이 너무 많습니다");
  });

  it("serves a stream's web body to a reader that asks for it first, as a Response", async () => {
    const response = await chat(true);
    expect(response).toBeInstanceOf(Response);
    expect(response.bodyUsed).toBe(false);
    const text = await new Response(response.body).text();
    expect(text).toContain(JSON.stringify(replyToken(0)).slice(1, -1));
    expect(text.trimEnd().endsWith("data: [DONE]")).toBe(true);
    expect(response.bodyUsed).toBe(true);
    expect(takeUpstreamBody(response)).toBeUndefined();
  });

  it("closes the upstream connection when the caller aborts mid-stream", async () => {
    upstream.configure({ tokens: 100, tokenIntervalMs: 20 });
    const controller = new AbortController();
    const body = takeUpstreamBody(await chat(true, controller.signal))!;
    const batches = serverSentEventBatches(body);
    await batches.next();
    controller.abort();
    await expect(batches.next()).rejects.toThrow();
    await waitFor(() => upstream.requests[0]?.closedEarly, { what: "closed connection" });
  });

  it("fails with the signal's reason when the caller gave up before the request or before its headers", async () => {
    const gone = new AbortController();
    gone.abort(new Error("이미 취소됨"));
    await expect(chat(true, gone.signal)).rejects.toThrow("이미 취소됨");

    upstream.fail({ kind: "hang" });
    const waiting = new AbortController();
    const reply = chat(true, waiting.signal);
    await waitFor(() => upstream.requests.length === 1, { what: "the hung request" });
    waiting.abort(new Error("응답 대기 중 취소"));
    await expect(reply).rejects.toThrow("응답 대기 중 취소");
    await waitFor(() => upstream.requests[0]?.closedEarly, { what: "closed connection" });
  });

  it("runs on the openai and undici it was measured on (re-measure before moving the pins)", () => {
    const bench = "node --import tsx bench/tricks/ab.ts event-stream-fetch";
    expectMeasuredOn("eventStreamFetch", "openai", "7.57.0", __dirname, bench);
    expectMeasuredOn("eventStreamFetch", "undici", "7.29.0", __dirname, bench);
  });

  it("lets the openai provider reuse one connection for consecutive streams", async () => {
    // A server of its own, so no connection pooled by the other tests is in play.
    const own = await startLlmUpstream({ tokens: 4 });
    try {
      const provider = createOpenAiProvider({ apiKey: "sk-test", baseUrl: own.openaiBaseUrl, model: "gpt-test", logger: testLogger("llm-proxy") });
      for (let round = 0; round < 6; round += 1) {
        const parts = await collect(provider.stream(providerRequest(), new AbortController().signal));
        expect(parts.flatMap((part) => (part.type === "text-delta" ? [part.text] : []))).toEqual([0, 1, 2, 3].map(replyToken));
      }
      // A stream that starts the moment the last one ended may find its connection not yet
      // back in the pool and open a second one; what must not happen is a connection per stream.
      expect(own.requests).toHaveLength(6);
      expect(new Set(own.requests.map((request) => request.connection)).size).toBeLessThanOrEqual(2);
    } finally {
      await own.close();
    }
  });
});
