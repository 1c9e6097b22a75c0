import { vector } from "@electric-sql/pglite-pgvector";
import { AppError } from "@chatbot/core";
import { callUnary, checkHealth, createClient, createHealthClient, protos, type retrievalV1 } from "@chatbot/grpc";
import { createMetricsRegistry } from "@chatbot/observability";
import type { ServiceHandle } from "@chatbot/runtime";
import { createPgliteClient, type SqlClient } from "@chatbot/sql";
import { testLogger } from "@chatbot/testkit";
import { loadRetrievalConfig, RETRIEVAL_SERVICE_NAME, startRetrievalService } from "../src";

const TENANT = "테넌트-grpc";

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const PASSAGES = [
  {
    document_id: "doc-seoul",
    title: "서울특별시",
    source: "위키백과",
    page: 1,
    text: "서울은 대한민국의 수도이며 한강이 도시를 가로질러 흐른다. 인구는 약 940만 명이다.",
  },
  { document_id: "doc-busan", title: "부산광역시", source: "위키백과", page: 1, text: "부산은 대한민국 남동부의 항구 도시로 해운대 해수욕장이 유명하다. 🌊" },
  { document_id: "doc-jeju", title: "제주특별자치도", source: "관광안내.pdf", page: 3, text: "제주도에는 한라산이 있고 귤이 유명하다. 🍊 올레길을 걷는 관광객이 많다." },
];

describe("retrieval gRPC service on embedded PGlite", () => {
  const registry = createMetricsRegistry({ collectDefaults: false });
  let sql: SqlClient;
  let handle: ServiceHandle;
  let client: retrievalV1.Client;

  const start = () =>
    startRetrievalService(loadRetrievalConfig({ GRPC_HOST: "127.0.0.1", GRPC_PORT: "0", ADMIN_PORT: "0" }), { logger: testLogger("retrieval"), registry }, { sql });

  beforeAll(async () => {
    sql = await createPgliteClient({ extensions: { vector } });
    handle = await start();
    client = createClient(protos.retrieval().Retrieval, handle.address);
  });

  afterAll(async () => {
    client?.close();
    await handle?.stop();
    await sql?.close();
  });

  it("answers SERVING for the retrieval service", async () => {
    const health = createHealthClient(handle.address);
    try {
      expect(await checkHealth(health, 2000, RETRIEVAL_SERVICE_NAME)).toBe("SERVING");
    } finally {
      health.close();
    }
  });

  it("upserts Korean chunks, finds the right one first, and upserting again never doubles them", async () => {
    const chunks = PASSAGES.map((passage) => ({ ...passage, chunk_index: 0, metadata_json: JSON.stringify({ 분류: "도시" }) }));
    expect(await callUnary(client, "retrieval", "UpsertChunks", { tenant_id: TENANT, chunks })).toEqual({ upserted: 3 });
    await callUnary(client, "retrieval", "UpsertChunks", { tenant_id: TENANT, chunks });
    expect((await callUnary(client, "retrieval", "CountChunks", { tenant_id: TENANT })).chunks).toBe(3);

    const response = await callUnary(client, "retrieval", "Search", { tenant_id: TENANT, query: "서울에서 흐르는 강은?", k: 3 });
    expect(response.results[0]).toMatchObject({
      chunk_id: "doc-seoul#0",
      document_id: "doc-seoul",
      title: "서울특별시",
      page: 1,
      chunk_index: 0,
      source: "위키백과",
    });
    expect(JSON.parse(response.results[0]!.metadata_json)).toEqual({ 분류: "도시" });
    expect(response.results[0]!.score).toBeGreaterThan(0);
    expect(response.took_ms).toBeGreaterThanOrEqual(0);
    expect(new Set(response.results.map((result) => result.chunk_id)).size).toBe(response.results.length);

    const filtered = await callUnary(client, "retrieval", "Search", {
      tenant_id: TENANT,
      query: "유명한 관광지",
      k: 5,
      filters: { document_ids: [], sources: ["관광안내.pdf"] },
    });
    expect(filtered.results.map((result) => result.document_id)).toEqual(["doc-jeju"]);

    const metrics = await registry.getSingleMetricAsString("chatbot_retrieval_chunks_upserted_total");
    expect(metrics).toMatch(/chatbot_retrieval_chunks_upserted_total 6/);
    expect(await registry.getSingleMetricAsString("chatbot_retrieval_search_duration_seconds")).toMatch(/_count 2/);
  });

  it("never shows one tenant's chunks to another", async () => {
    const response = await callUnary(client, "retrieval", "Search", { tenant_id: "다른-테넌트", query: "서울 한강", k: 5 });
    expect(response.results).toEqual([]);
    expect((await callUnary(client, "retrieval", "DeleteDocument", { tenant_id: "다른-테넌트", document_id: "doc-seoul" })).deleted).toBe(0);
  });

  it("deletes a document from every index, and a restart keeps the rest searchable", async () => {
    expect((await callUnary(client, "retrieval", "DeleteDocument", { tenant_id: TENANT, document_id: "doc-seoul" })).deleted).toBe(1);
    const after = await callUnary(client, "retrieval", "Search", { tenant_id: TENANT, query: "서울에서 흐르는 강은?", k: 5 });
    expect(after.results.map((result) => result.document_id)).not.toContain("doc-seoul");

    client.close();
    await handle.stop();
    handle = await start();
    client = createClient(protos.retrieval().Retrieval, handle.address);
    const restarted = await callUnary(client, "retrieval", "Search", { tenant_id: TENANT, query: "한라산과 귤", k: 5 });
    expect(restarted.results[0]!.document_id).toBe("doc-jeju");
    expect(restarted.results.map((result) => result.document_id)).not.toContain("doc-seoul");
  });

  it("answers bad input with validation errors naming the field", async () => {
    const zeroK = await rejection(callUnary(client, "retrieval", "Search", { tenant_id: TENANT, query: "서울", k: 0 }));
    expect(zeroK.kind).toBe("invalid_argument");
    expect(zeroK.details).toEqual([{ field: "k", message: "must be between 1 and 50" }]);

    const emptyQuery = await rejection(callUnary(client, "retrieval", "Search", { tenant_id: TENANT, query: "   ", k: 5 }));
    expect(emptyQuery.details).toEqual([{ field: "query", message: "is required" }]);

    const noTenant = await rejection(callUnary(client, "retrieval", "Search", { tenant_id: "", query: "서울", k: 51 }));
    expect(noTenant.details).toEqual([
      { field: "tenant_id", message: "is required" },
      { field: "k", message: "must be between 1 and 50" },
    ]);

    const badChunk = await rejection(
      callUnary(client, "retrieval", "UpsertChunks", {
        tenant_id: TENANT,
        chunks: [
          { document_id: "", text: "본문", chunk_index: 0 },
          { document_id: "d", text: "", chunk_index: -1, metadata_json: "[1]" },
        ],
      }),
    );
    expect(badChunk.details).toEqual([
      { field: "chunks[0].document_id", message: "is required" },
      { field: "chunks[1].text", message: "is required" },
      { field: "chunks[1].chunk_index", message: "must not be negative" },
      { field: "chunks[1].metadata_json", message: "must be a JSON object" },
    ]);
    const noDocument = await rejection(callUnary(client, "retrieval", "DeleteDocument", { tenant_id: TENANT, document_id: "" }));
    expect(noDocument.details).toEqual([{ field: "document_id", message: "is required" }]);

    const none = await rejection(callUnary(client, "retrieval", "UpsertChunks", { tenant_id: TENANT, chunks: [] }));
    expect(none.details).toEqual([{ field: "chunks", message: "must contain at least one chunk" }]);
  });
});
