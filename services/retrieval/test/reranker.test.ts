import { vector } from "@electric-sql/pglite-pgvector";
import { AppError, ConfigError } from "@chatbot/core";
import { callUnary, createClient, protos, type retrievalV1 } from "@chatbot/grpc";
import { createMetricsRegistry } from "@chatbot/observability";
import type { ServiceHandle } from "@chatbot/runtime";
import { createPgliteClient, type SqlClient } from "@chatbot/sql";
import { bigramOverlap, capturingLogger, startRerankServer, testLogger, waitFor, type RerankServer } from "@chatbot/testkit";
import { loadRetrievalConfig, startRetrievalService } from "../src";
import { DEFAULT_RERANK_CANDIDATES, rerankResults, rerankTopK, type RerankerClient, type RerankStage } from "../src/domain/reranker.client";
import { createRerankStage } from "../src/clients/rerank-stage.factory";
import { createHttpRerankerClient, rerankEndpoint, type HttpRerankerClientOptions } from "../src/clients/http-reranker.client";

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const QUERY = "서울에서 흐르는 강은?";
const TEXTS = ["부산 해운대 해수욕장", "서울에는 한강이 흐른다", "제주도 한라산", "서울 인구는 약 940만 명"];

describe("rerankResults", () => {
  it("orders by reranker score, keeps the incoming order for ties, and hands back the reranker's scores", () => {
    const results = ["a", "b", "c", "d"].map((id, index) => ({ id, score: 1 - index / 10 }));
    expect(rerankResults(results, [0.2, 0.9, 0.2, 0.5])).toEqual([
      { id: "b", score: 0.9 },
      { id: "d", score: 0.5 },
      { id: "a", score: 0.2 },
      { id: "c", score: 0.2 },
    ]);
    expect(results[0]).toEqual({ id: "a", score: 1 });
  });

  it("refuses scores that do not match the results one to one", () => {
    expect(() => rerankResults([{ score: 1 }, { score: 0.5 }], [0.3])).toThrow(RangeError);
  });
});

describe("rerankTopK", () => {
  const results = Array.from({ length: 8 }, (_, index) => ({ id: `r${index}`, score: 1 - index / 10 }));
  const textOf = (result: { id: string }) => `text of ${result.id}`;
  /** Scores that put the last candidate it is shown first. */
  const reversing = (seen: string[][]): RerankerClient => ({
    model: "fake",
    async rerank(_query, texts) {
      seen.push([...texts]);
      return texts.map((_, index) => index);
    },
  });

  it("rescores max(k, candidates) first-stage results and returns the best k", async () => {
    const seen: string[][] = [];
    const reranked: number[] = [];
    const stage: RerankStage = { reranker: reversing(seen), candidates: 5, onReranked: (seconds) => reranked.push(seconds) };
    expect((await rerankTopK(stage, QUERY, results, textOf, 2)).map((result) => result.id)).toEqual(["r4", "r3"]);
    expect(seen[0]).toEqual(["text of r0", "text of r1", "text of r2", "text of r3", "text of r4"]);
    expect(reranked).toHaveLength(1);
    // k above the candidates: k are rescored.
    expect((await rerankTopK(stage, QUERY, results, textOf, 7)).map((result) => result.id)[0]).toBe("r6");
    expect(seen[1]).toHaveLength(7);
  });

  it("keeps the first-stage order when the reranker fails, and reports the failure and its time", async () => {
    const failure = new AppError("unavailable", "rerank_unavailable", "down");
    const failed: unknown[] = [];
    const reranked: number[] = [];
    const stage: RerankStage = {
      reranker: { model: "fake", rerank: () => Promise.reject(failure) },
      candidates: 5,
      onReranked: (seconds) => reranked.push(seconds),
      onRerankFailed: (error) => failed.push(error),
    };
    expect(await rerankTopK(stage, QUERY, results, textOf, 3)).toEqual(results.slice(0, 3));
    expect(failed).toEqual([failure]);
    expect(reranked).toHaveLength(1);
  });

  it("passes a caller's cancellation on instead of answering for nobody", async () => {
    const controller = new AbortController();
    const failed: unknown[] = [];
    const stage: RerankStage = {
      reranker: {
        model: "fake",
        rerank: () => {
          controller.abort();
          return Promise.reject(new AppError("cancelled", "cancelled", "The rerank request was cancelled"));
        },
      },
      candidates: 5,
      onRerankFailed: (error) => failed.push(error),
    };
    expect((await rejection(rerankTopK(stage, QUERY, results, textOf, 3, controller.signal))).kind).toBe("cancelled");
    expect(failed).toEqual([]);
  });

  it("makes no call for fewer than two results", async () => {
    const seen: string[][] = [];
    const stage: RerankStage = { reranker: reversing(seen), candidates: 5 };
    expect(await rerankTopK(stage, QUERY, results.slice(0, 1), textOf, 3)).toEqual(results.slice(0, 1));
    expect(await rerankTopK(stage, QUERY, [], textOf, 3)).toEqual([]);
    expect(seen).toEqual([]);
  });
});

describe("HTTP reranker against the test-kit rerank server", () => {
  let server: RerankServer;
  const reranker = (options: Partial<HttpRerankerClientOptions> = {}) => createHttpRerankerClient({ url: server.url, protocol: "cohere", timeoutMs: 2000, ...options });
  /** What the kit's bigram scorer gives each text, in the texts' order. */
  const expected = TEXTS.map((text) => bigramOverlap(QUERY, text));

  beforeAll(async () => {
    server = await startRerankServer();
  });
  afterEach(() => server.reset());
  afterAll(() => server.close());

  it("speaks the Cohere-style body and maps the best-first answer back to the texts' order", async () => {
    const scores = await reranker({ model: "rerank-v3.5", apiKey: "rk-secret" }).rerank(QUERY, TEXTS);
    expect(scores).toEqual(expected);
    // The Seoul texts beat the others; the answer came best first, so the mapping is by index.
    expect(scores[1]).toBeGreaterThan(scores[0]!);
    expect(scores[3]).toBeGreaterThan(scores[2]!);
    const [request] = server.requests;
    expect(request).toMatchObject({ path: "/rerank", shape: "cohere" });
    expect(request!.body).toEqual({ query: QUERY, documents: TEXTS, top_n: TEXTS.length, model: "rerank-v3.5" });
    expect(request!.headers.authorization).toBe("Bearer rk-secret");
  });

  it("speaks text-embeddings-inference's body and reads its bare-array answer", async () => {
    expect(await reranker({ protocol: "tei" }).rerank(QUERY, TEXTS)).toEqual(expected);
    const [request] = server.requests;
    expect(request).toMatchObject({ path: "/rerank", shape: "tei" });
    expect(request!.body).toEqual({ query: QUERY, texts: TEXTS, truncate: true });
    expect(request!.headers.authorization).toBeUndefined();
  });

  it("appends /rerank to a base URL and leaves a full endpoint alone", async () => {
    expect(rerankEndpoint("http://tei:8080").href).toBe("http://tei:8080/rerank");
    expect(rerankEndpoint("https://api.cohere.com/v2/").href).toBe("https://api.cohere.com/v2/rerank");
    expect(rerankEndpoint("https://api.jina.ai/v1/rerank").href).toBe("https://api.jina.ai/v1/rerank");
    await reranker({ url: `${server.url}/v2` }).rerank(QUERY, TEXTS);
    await reranker({ url: `${server.url}/v1/rerank/` }).rerank(QUERY, TEXTS);
    expect(server.requests.map((request) => request.path)).toEqual(["/v2/rerank", "/v1/rerank"]);
  });

  it("names a refused key, a failing server and a rate limit as typed errors", async () => {
    server.configure({ apiKey: "right" });
    const refused = await rejection(reranker({ apiKey: "wrong" }).rerank(QUERY, TEXTS));
    expect(refused).toMatchObject({ kind: "bad_gateway", code: "rerank_rejected" });
    expect(refused.message).toMatch(/\(401\): .*invalid api key/);

    server.configure({ apiKey: undefined, fault: { kind: "status", status: 503, message: "모델 적재 중" } });
    const down = await rejection(reranker().rerank(QUERY, TEXTS));
    expect(down).toMatchObject({ kind: "unavailable", code: "rerank_unavailable" });
    expect(down.message).toContain("모델 적재 중");

    server.configure({ fault: { kind: "status", status: 429 } });
    expect(await rejection(reranker().rerank(QUERY, TEXTS))).toMatchObject({ kind: "resource_exhausted", code: "rerank_rate_limited" });
  });

  it.each([
    ["not JSON", { kind: "malformed" } as const, /is not JSON/],
    ["a score that is not a number", { kind: "raw", body: '{"results":[{"index":0,"relevance_score":"높음"}]}' } as const, /neither/],
    ["an index beyond the texts", { kind: "raw", body: JSON.stringify([0, 1, 2, 3, 4].map((index) => ({ index, score: 0.5 }))) } as const, /scores text 4 of 4/],
    ["a text scored twice", { kind: "raw", body: JSON.stringify([0, 1, 2, 2].map((index) => ({ index, score: 0.5 }))) } as const, /scores text 2 twice/],
    ["texts left unscored", { kind: "raw", body: JSON.stringify({ results: [{ index: 0, relevance_score: 0.5 }] }) } as const, /leaves 3 of 4 texts unscored/],
    ["an object of neither shape", { kind: "raw", body: '{"error": null}' } as const, /neither/],
  ])("answers %s with a bad-response error, never a crash", async (_name, fault, message) => {
    server.configure({ fault });
    const error = await rejection(reranker().rerank(QUERY, TEXTS));
    expect(error).toMatchObject({ kind: "bad_gateway", code: "rerank_bad_response" });
    expect(error.message).toMatch(message);
  });

  it("reads the older Infinity answer, whose list is called data", async () => {
    server.configure({
      fault: {
        kind: "raw",
        body: JSON.stringify({
          data: [
            { index: 1, relevance_score: 0.75 },
            { index: 0, relevance_score: 0.25 },
          ],
        }),
      },
    });
    expect(await reranker().rerank(QUERY, TEXTS.slice(0, 2))).toEqual([0.25, 0.75]);
  });

  it("gives up at its deadline and hangs up on the server", async () => {
    server.configure({ delayMs: 10_000 });
    const started = performance.now();
    const error = await rejection(reranker({ timeoutMs: 300 }).rerank(QUERY, TEXTS));
    const elapsed = performance.now() - started;
    expect(error).toMatchObject({ kind: "deadline_exceeded", code: "rerank_timeout" });
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(3000);
    await waitFor(() => server.requests[0]?.closedEarly === true);
  });

  it("stops the request when the caller aborts", async () => {
    server.configure({ delayMs: 10_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("client went away")), 100);
    const started = performance.now();
    const error = await rejection(reranker({ timeoutMs: 4000 }).rerank(QUERY, TEXTS, controller.signal));
    expect(error).toMatchObject({ kind: "cancelled" });
    expect(performance.now() - started).toBeLessThan(2000);
    await waitFor(() => server.requests[0]?.closedEarly === true);

    const before = server.requests.length;
    const aborted = AbortSignal.abort();
    expect((await rejection(reranker().rerank(QUERY, TEXTS, aborted))).kind).toBe("cancelled");
    expect(server.requests).toHaveLength(before);
  });

  it("calls an unreachable server unavailable", async () => {
    const gone = await startRerankServer();
    const url = gone.url;
    await gone.close();
    expect(await rejection(reranker({ url }).rerank(QUERY, TEXTS))).toMatchObject({ kind: "unavailable", code: "rerank_unavailable" });
  });
});

const PASSAGES = [
  { document_id: "doc-seoul", title: "서울특별시", source: "위키백과", text: "서울은 대한민국의 수도이며 한강이 도시를 가로질러 흐른다. 인구는 약 940만 명이다." },
  { document_id: "doc-busan", title: "부산광역시", source: "위키백과", text: "부산은 대한민국 남동부의 항구 도시로 해운대 해수욕장이 유명하다." },
  { document_id: "doc-incheon", title: "인천광역시", source: "위키백과", text: "인천은 대한민국의 항구 도시이며 국제공항이 있다." },
  { document_id: "doc-jeju", title: "제주특별자치도", source: "관광안내.pdf", text: "제주도는 대한민국 남쪽의 섬으로 한라산과 귤이 유명하다." },
];
const TENANT = "테넌트-rerank";
/** Every passage shares words with it, so the first stage ranks all four. */
const CITY_QUERY = "대한민국의 항구 도시";

describe("search with a reranker, through the gRPC service", () => {
  const registry = createMetricsRegistry({ collectDefaults: false });
  const { logger, lines } = capturingLogger("retrieval");
  let server: RerankServer;
  let sql: SqlClient;
  let handle: ServiceHandle;
  let client: retrievalV1.Client;
  /** The first stage's order for CITY_QUERY: what a search without (or with a failed) reranker answers. */
  let firstStage: string[];

  const search = async (k: number) => (await callUnary(client, "retrieval", "Search", { tenant_id: TENANT, query: CITY_QUERY, k })).results;
  const ids = (results: { document_id: string }[]) => results.map((result) => result.document_id);
  const failures = async () => (await registry.getSingleMetricAsString("chatbot_retrieval_rerank_failures_total")) ?? "";
  const warnings = () => lines.filter((line) => line.includes("reranking failed"));

  beforeAll(async () => {
    server = await startRerankServer();
    sql = await createPgliteClient({ extensions: { vector } });
    handle = await startRetrievalService(
      loadRetrievalConfig({
        GRPC_HOST: "127.0.0.1",
        GRPC_PORT: "0",
        ADMIN_PORT: "0",
        RERANK_URL: server.url,
        RERANK_MODEL: "bge-reranker-v2-m3",
        RERANK_API_KEY: "rk-grpc",
        RERANK_TIMEOUT_MS: "1000",
        RERANK_CANDIDATES: "10",
      }),
      { logger, registry },
      { sql },
    );
    client = createClient(protos.retrieval().Retrieval, handle.address);
    const chunks = PASSAGES.map((passage) => ({ ...passage, page: 1, chunk_index: 0 }));
    await callUnary(client, "retrieval", "UpsertChunks", { tenant_id: TENANT, chunks });
    // A reranker that scores everything alike leaves the first-stage order.
    server.configure({ score: () => 0 });
    firstStage = ids(await search(4));
    server.reset();
  });

  afterEach(() => server.reset());

  afterAll(async () => {
    client?.close();
    await handle?.stop();
    await sql?.close();
    await server?.close();
  });

  it("ranks by the reranker, lifting a candidate from below k, with the reranker's scores", async () => {
    expect(firstStage).toHaveLength(4);
    // The reranker's favourite is the one the first stage put last.
    const favourite = firstStage[3]!;
    const favouriteTitle = PASSAGES.find((passage) => passage.document_id === favourite)!.title;
    server.configure({ score: (_query, text) => (text.startsWith(favouriteTitle) ? 0.97 : 0.1) });
    const results = await search(1);
    expect(ids(results)).toEqual([favourite]);
    expect(results[0]!.score).toBeCloseTo(0.97, 5);

    const [request] = server.requests;
    expect(request!.headers.authorization).toBe("Bearer rk-grpc");
    expect(request!.body).toMatchObject({ query: CITY_QUERY, model: "bge-reranker-v2-m3", top_n: 4 });
    // Candidates in first-stage order, each its title then its text.
    const seoul = PASSAGES[0]!;
    expect(request!.body.documents).toHaveLength(4);
    expect(request!.body.documents).toContain(`${seoul.title}\n${seoul.text}`);
    // The first-stage probe in beforeAll and this search.
    expect(await registry.getSingleMetricAsString("chatbot_retrieval_rerank_duration_seconds")).toMatch(/_count 2$/m);
  });

  it("answers in the first-stage order when the reranker fails, says so once, and counts every failure", async () => {
    server.configure({ score: (_query, text) => (text.startsWith(PASSAGES[3]!.title) ? 1 : 0), fault: { kind: "status", status: 503 } });
    const results = await search(3);
    expect(ids(results)).toEqual(firstStage.slice(0, 3));
    // The fusion's scores, falling with the order.
    expect(results[0]!.score).toBeGreaterThan(results[2]!.score);
    expect(await failures()).toMatch(/chatbot_retrieval_rerank_failures_total\{reason="rerank_unavailable"\} 1/);
    expect(warnings()).toHaveLength(1);
    expect(JSON.parse(warnings()[0]!)).toMatchObject({ level: "warn", reason: "rerank_unavailable", failures: 1 });

    server.configure({ fault: { kind: "malformed" } });
    expect(ids(await search(3))).toEqual(firstStage.slice(0, 3));
    expect(await failures()).toMatch(/reason="rerank_bad_response"\} 1/);
    // Within the warning interval: counted, not logged again.
    expect(warnings()).toHaveLength(1);
  });

  it("answers in the first-stage order within the rerank deadline when the reranker is slow", async () => {
    server.configure({ delayMs: 10_000 });
    const started = performance.now();
    const results = await search(3);
    const elapsed = performance.now() - started;
    expect(ids(results)).toEqual(firstStage.slice(0, 3));
    expect(elapsed).toBeGreaterThanOrEqual(990);
    expect(elapsed).toBeLessThan(4000);
    expect(await failures()).toMatch(/reason="rerank_timeout"\} 1/);
    await waitFor(() => server.requests[0]?.closedEarly === true);
  });

  it("stops the rerank request when the search's caller goes away", async () => {
    server.configure({ delayMs: 10_000 });
    const before = await failures();
    const error = await rejection(callUnary(client, "retrieval", "Search", { tenant_id: TENANT, query: CITY_QUERY, k: 3 }, { timeoutMs: 300 }));
    expect(error.kind).toBe("deadline_exceeded");
    await waitFor(() => server.requests[0]?.closedEarly === true);
    // Well before the 1 s rerank deadline: the call's end, not the deadline, cut it.
    expect(server.requests[0]!.closedAt! - server.requests[0]!.receivedAt).toBeLessThan(900);
    // Not a reranker failure: nobody was answered in first-stage order.
    expect(await failures()).toBe(before);
  });
});

describe("reranking configuration", () => {
  function failure(env: Record<string, string>): string {
    try {
      loadRetrievalConfig(env);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error("configuration was accepted");
  }
  const dependencies = () => ({ logger: testLogger("retrieval"), registry: createMetricsRegistry({ collectDefaults: false }) });

  it("is off without RERANK_URL, and on with defaults an operator can rely on", () => {
    expect(createRerankStage(loadRetrievalConfig({}), dependencies())).toBeUndefined();
    const config = loadRetrievalConfig({ RERANK_URL: "http://tei:8080" });
    expect(config).toMatchObject({ RERANK_PROTOCOL: "cohere", RERANK_TIMEOUT_MS: 1000, RERANK_CANDIDATES: DEFAULT_RERANK_CANDIDATES });
    expect(createRerankStage(config, dependencies())).toMatchObject({ candidates: 30, reranker: { model: "server default" } });
    expect(createRerankStage(loadRetrievalConfig({ RERANK_URL: "http://tei:8080", RERANK_MODEL: "bge-reranker-v2-m3" }), dependencies())).toMatchObject({
      reranker: { model: "bge-reranker-v2-m3" },
    });
  });

  it("names each bad value's variable", () => {
    expect(failure({ RERANK_URL: "tei:8080" })).toMatch(/^Invalid configuration: RERANK_URL: must be a URL starting with http:\/\/ or https:\/\//);
    expect(failure({ RERANK_PROTOCOL: "jina" })).toMatch(/^Invalid configuration: RERANK_PROTOCOL: must be cohere or tei/);
    expect(failure({ RERANK_TIMEOUT_MS: "20" })).toMatch(/^Invalid configuration: RERANK_TIMEOUT_MS: must be between 50 and 4000/);
    expect(failure({ RERANK_TIMEOUT_MS: "10000" })).toMatch(/^Invalid configuration: RERANK_TIMEOUT_MS: must be between 50 and 4000/);
    expect(failure({ RERANK_TIMEOUT_MS: "1.5" })).toMatch(/^Invalid configuration: RERANK_TIMEOUT_MS: must be a whole number/);
    expect(failure({ RERANK_CANDIDATES: "0" })).toMatch(/^Invalid configuration: RERANK_CANDIDATES: must be between 1 and 100/);
    expect(failure({ RERANK_CANDIDATES: "many" })).toMatch(/^Invalid configuration: RERANK_CANDIDATES: must be a number/);
  });
});
