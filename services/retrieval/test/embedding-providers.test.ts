import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { AppError } from "@chatbot/core";
import { createOpenAiEmbeddingClient } from "../src/clients/openai-embedding.client";

interface FakeCall {
  body: { model: string; input: string[]; dimensions?: number };
  authorization: string | undefined;
}

/** Speaks the OpenAI embeddings wire format; `plan` answers each call in turn. */
async function startFakeEmbeddings(plan: ((call: FakeCall) => { status: number; body: unknown; headers?: Record<string, string> })[]) {
  const calls: FakeCall[] = [];
  const server: Server = createServer(async (request: IncomingMessage, response) => {
    let raw = "";
    for await (const part of request) raw += String(part);
    const call: FakeCall = { body: JSON.parse(raw) as FakeCall["body"], authorization: request.headers.authorization };
    calls.push(call);
    const step = plan[Math.min(calls.length - 1, plan.length - 1)]!;
    const answer = step(call);
    response.writeHead(answer.status, { "content-type": "application/json", ...answer.headers });
    response.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const vectorsFor = (call: FakeCall, dimensions = 4) => ({
  status: 200,
  body: {
    object: "list",
    model: call.body.model,
    // Out of order on purpose: the provider must sort by index.
    data: call.body.input
      .map((text, index) => ({ object: "embedding", index, embedding: Array.from({ length: dimensions }, (_, d) => (text.length + d) / 100) }))
      .reverse(),
    usage: { prompt_tokens: 1, total_tokens: 1 },
  },
});

describe("OpenAI-compatible embedding through the SDK", () => {
  it("sends the model and key, returns one vector per text in order", async () => {
    const fake = await startFakeEmbeddings([(call) => vectorsFor(call)]);
    try {
      const provider = createOpenAiEmbeddingClient({ baseUrl: fake.baseUrl, apiKey: "sk-test-123", model: "bge-m3", dimensions: 4, requestDimensions: false });
      const vectors = await provider.embed(["가", "나다라"]);
      expect(vectors).toEqual([
        [0.01, 0.02, 0.03, 0.04],
        [0.03, 0.04, 0.05, 0.06],
      ]);
      expect(fake.calls[0]!.body).toMatchObject({ model: "bge-m3", input: ["가", "나다라"] });
      expect(fake.calls[0]!.body.dimensions).toBeUndefined();
      expect(fake.calls[0]!.authorization).toBe("Bearer sk-test-123");
    } finally {
      await fake.close();
    }
  });

  it("retries after a 429 and then succeeds", async () => {
    const fake = await startFakeEmbeddings([
      () => ({ status: 429, body: { error: { message: "천천히 해주세요", type: "rate_limit" } }, headers: { "retry-after-ms": "10" } }),
      (call) => vectorsFor(call),
    ]);
    try {
      const provider = createOpenAiEmbeddingClient({ baseUrl: fake.baseUrl, apiKey: "k", model: "text-embedding-3-small", dimensions: 4, requestDimensions: true });
      expect(await provider.embed(["재시도 🔁"])).toHaveLength(1);
      expect(fake.calls).toHaveLength(2);
      expect(fake.calls[1]!.body.dimensions).toBe(4);
    } finally {
      await fake.close();
    }
  });

  it("reports a persistent 429 as rate limited and a wrong vector size as a bad upstream", async () => {
    const limited = await startFakeEmbeddings([() => ({ status: 429, body: { error: { message: "한도 초과" } }, headers: { "retry-after-ms": "1" } })]);
    try {
      const provider = createOpenAiEmbeddingClient({ baseUrl: limited.baseUrl, apiKey: "k", model: "m", dimensions: 4, requestDimensions: false, maxRetries: 1 });
      const error = await provider.embed(["한도"]).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe("embedding_rate_limited");
      expect(limited.calls).toHaveLength(2);
    } finally {
      await limited.close();
    }
    const wrongSize = await startFakeEmbeddings([(call) => vectorsFor(call, 3)]);
    try {
      const provider = createOpenAiEmbeddingClient({ baseUrl: wrongSize.baseUrl, apiKey: "k", model: "m", dimensions: 4, requestDimensions: false });
      const error = (await provider.embed(["크기"]).catch((caught: unknown) => caught)) as AppError;
      expect(error.code).toBe("embedding_dimension_mismatch");
      expect(error.kind).toBe("bad_gateway");
    } finally {
      await wrongSize.close();
    }
  });

  it("stops when the caller aborts", async () => {
    const fake = await startFakeEmbeddings([() => ({ status: 503, body: { error: { message: "잠시 후" } }, headers: { "retry-after": "30" } })]);
    try {
      const provider = createOpenAiEmbeddingClient({ baseUrl: fake.baseUrl, apiKey: "k", model: "m", dimensions: 4, requestDimensions: false });
      const controller = new AbortController();
      const pending = provider.embed(["취소"], controller.signal).catch((caught: unknown) => caught);
      // The SDK would wait 30 s before retrying; aborting must end the call now.
      while (fake.calls.length === 0) await new Promise((resolve) => setImmediate(resolve));
      controller.abort();
      const error = (await pending) as AppError;
      expect(error.kind).toBe("cancelled");
      expect(fake.calls).toHaveLength(1);
    } finally {
      await fake.close();
    }
  });
});
