import { AppError } from "@chatbot/core";
import { testLogger, waitFor } from "@chatbot/testkit";
import { callServerStream, createClient, NO_GRPC_SECURITY, openServerStream, protos, startGrpcServer, streamHandler, type RunningGrpcServer, type llmV1 } from "../src";

const logger = testLogger();
const DELTAS = ["안녕하세요", "! 오늘 ", "서울은 ", "맑습니다 ☀️"];
let server: RunningGrpcServer;
/** Request ids whose handler heard the call cancelled. */
const cancelled = new Set<string>();
/** Request ids whose handler has started. */
const started = new Set<string>();

/**
 * A Generate that streams by request id: "fail" fails after two deltas, "hang" sends one
 * delta and waits for cancellation, anything else streams every delta and a final event.
 */
const generate = streamHandler<llmV1.GenerateRequestOutput, llmV1.GenerateEvent>({ logger }, async (request, send, context) => {
  started.add(request.request_id);
  context.signal.addEventListener("abort", () => cancelled.add(request.request_id), { once: true });
  if (request.request_id.startsWith("hang")) {
    send({ delta: { text: DELTAS[0]! } } as llmV1.GenerateEvent);
    await new Promise((resolve) => context.signal.addEventListener("abort", resolve, { once: true }));
    return;
  }
  if (request.request_id.startsWith("many-then-fail")) {
    // More messages than a paused Node stream buffers (16) before the failure.
    for (let index = 0; index < 40; index += 1) send({ delta: { text: `토큰${index}` } } as llmV1.GenerateEvent);
    throw new AppError("unavailable", "upstream_unavailable", "LLM 서버에 연결할 수 없습니다");
  }
  for (const [index, text] of DELTAS.entries()) {
    if (request.request_id.startsWith("fail") && index === 2) {
      throw new AppError("unavailable", "upstream_unavailable", "LLM 서버에 연결할 수 없습니다");
    }
    send({ delta: { text } } as llmV1.GenerateEvent);
  }
  send({ final: { finish_reason: "stop", model: "테스트-모델" } } as llmV1.GenerateEvent);
});

beforeAll(async () => {
  server = await startGrpcServer(
    { service: "test", host: "127.0.0.1", security: NO_GRPC_SECURITY, port: 0, logger, stores: [], info: () => ({}), healthNames: [] },
    (grpcServer) => grpcServer.addService(protos.llm().LlmProxy.service, { Generate: generate } as unknown as llmV1.Handlers),
  );
});
afterAll(() => server.shutdown(100));

function llmClient() {
  return createClient(protos.llm().LlmProxy, server.address);
}

const request = (requestId: string) => ({ messages: [{ role: "user", content: "서울 날씨 알려줘" }], request_id: requestId });

describe("openServerStream", () => {
  it("sends the call at once and holds every message, in order, until it is read", async () => {
    const client = llmClient();
    const stream = openServerStream(client, "llm-proxy", "Generate", request("held"));
    await waitFor(() => started.has("held"), { what: "the call reaching the server before any read" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const events: llmV1.GenerateEvent[] = [];
    await stream.read((event) => events.push(event));
    expect(events.filter((event) => event.delta).map((event) => event.delta!.text)).toEqual(DELTAS);
    expect(events.at(-1)!.final).toMatchObject({ finish_reason: "stop", model: "테스트-모델" });
    client.close();
  });

  it("gives a failure to the reader as an AppError after the messages sent before it, also when it came before the read", async () => {
    const client = llmClient();
    const stream = openServerStream(client, "llm-proxy", "Generate", request("fail-early"));
    await waitFor(() => started.has("fail-early"));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const texts: string[] = [];
    const error = await stream.read((event) => texts.push(event.delta!.text)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ kind: "unavailable", code: "upstream_unavailable", message: "LLM 서버에 연결할 수 없습니다" });
    expect(texts).toEqual(DELTAS.slice(0, 2));
    client.close();
  });

  it("keeps every message sent before a failure that came before the read, however many", async () => {
    const client = llmClient();
    const stream = openServerStream(client, "llm-proxy", "Generate", request("many-then-fail"));
    await waitFor(() => started.has("many-then-fail"));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const texts: string[] = [];
    const error = await stream.read((event) => texts.push(event.delta!.text)).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "unavailable", code: "upstream_unavailable" });
    expect(texts).toEqual(Array.from({ length: 40 }, (_, index) => `토큰${index}`));
    client.close();
  });

  it("cancels the call on the server when the signal aborts, whether or not it is being read", async () => {
    const client = llmClient();
    const unread = new AbortController();
    const neverRead = openServerStream(client, "llm-proxy", "Generate", request("hang-unread"), { signal: unread.signal });
    await waitFor(() => started.has("hang-unread"));
    unread.abort();
    await waitFor(() => cancelled.has("hang-unread"), { what: "the unread call cancelled on the server" });
    await expect(neverRead.read(() => undefined)).rejects.toMatchObject({ kind: "cancelled" });

    const reading = new AbortController();
    const texts: string[] = [];
    const read = openServerStream(client, "llm-proxy", "Generate", request("hang-read"), { signal: reading.signal }).read((event) => texts.push(event.delta!.text));
    await waitFor(() => texts.length === 1, { what: "the first delta" });
    reading.abort();
    await expect(read).rejects.toMatchObject({ kind: "cancelled" });
    await waitFor(() => cancelled.has("hang-read"), { what: "the read call cancelled on the server" });
    expect(texts).toEqual([DELTAS[0]]);
    client.close();
  });

  it("stops the call when the reader throws, and rejects with the reader's error", async () => {
    const client = llmClient();
    const mistake = new Error("읽는 쪽의 오류");
    const read = openServerStream(client, "llm-proxy", "Generate", request("hang-reader-throws")).read(() => {
      throw mistake;
    });
    await expect(read).rejects.toBe(mistake);
    await waitFor(() => cancelled.has("hang-reader-throws"), { what: "the call cancelled on the server" });
    client.close();
  });

  it("answers a signal already aborted without calling the server", async () => {
    const client = llmClient();
    const controller = new AbortController();
    controller.abort();
    const stream = openServerStream(client, "llm-proxy", "Generate", request("aborted-before"), { signal: controller.signal });
    await expect(stream.read(() => undefined)).rejects.toMatchObject({ kind: "cancelled" });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started.has("aborted-before")).toBe(false);
    client.close();
  });
});

describe("callServerStream", () => {
  it("iterates every message, then ends; a consumer that stops early cancels the call on the server", async () => {
    const client = llmClient();
    const texts: string[] = [];
    for await (const event of callServerStream(client, "llm-proxy", "Generate", request("iterated"))) if (event.delta) texts.push(event.delta.text);
    expect(texts).toEqual(DELTAS);

    for await (const event of callServerStream(client, "llm-proxy", "Generate", request("hang-iterated"))) {
      expect(event.delta!.text).toBe(DELTAS[0]);
      break;
    }
    await waitFor(() => cancelled.has("hang-iterated"), { what: "the abandoned call cancelled on the server" });
    client.close();
  });

  it("throws a failure as an AppError", async () => {
    const client = llmClient();
    const texts: string[] = [];
    const iterate = async () => {
      for await (const event of callServerStream(client, "llm-proxy", "Generate", request("fail-iterated"))) texts.push(event.delta!.text);
    };
    await expect(iterate()).rejects.toMatchObject({ kind: "unavailable", code: "upstream_unavailable" });
    expect(texts).toEqual(DELTAS.slice(0, 2));
    client.close();
  });
});
