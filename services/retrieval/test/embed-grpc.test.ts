import { vector } from "@electric-sql/pglite-pgvector";
import { AppError } from "@chatbot/core";
import { callUnary, createClient, protos, type retrievalV1 } from "@chatbot/grpc";
import { createMetricsRegistry } from "@chatbot/observability";
import type { ServiceHandle } from "@chatbot/runtime";
import { createPgliteClient, type SqlClient } from "@chatbot/sql";
import { kitEmbedding, startEmbeddingsServer, testLogger, type EmbeddingsServer } from "@chatbot/testkit";
import { loadRetrievalConfig, startRetrievalService } from "../src";

const TENANT = "테넌트-embed";

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("Embed over gRPC", () => {
  let sql: SqlClient;
  let embeddings: EmbeddingsServer;
  const services: { handle: ServiceHandle; client: retrievalV1.Client }[] = [];

  const start = async (env: Record<string, string>) => {
    const handle = await startRetrievalService(
      loadRetrievalConfig({ GRPC_HOST: "127.0.0.1", GRPC_PORT: "0", ADMIN_PORT: "0", ...env }),
      { logger: testLogger("retrieval"), registry: createMetricsRegistry({ collectDefaults: false }) },
      { sql, schema: `embed_${services.length}` },
    );
    const client = createClient(protos.retrieval().Retrieval, handle.address);
    services.push({ handle, client });
    return client;
  };

  beforeAll(async () => {
    sql = await createPgliteClient({ extensions: { vector } });
    embeddings = await startEmbeddingsServer({ dimensions: 24 });
  });

  afterAll(async () => {
    for (const { handle, client } of services) {
      client.close();
      await handle.stop();
    }
    await embeddings?.close();
    await sql?.close();
  });

  it("embeds Korean texts in order with the configured model, in the provider's batches", async () => {
    const client = await start({
      EMBEDDING_PROVIDER: "openai",
      EMBEDDING_BASE_URL: embeddings.baseUrl,
      EMBEDDING_API_KEY: "kit-key",
      EMBEDDING_MODEL: embeddings.model,
      EMBEDDING_DIMENSIONS: String(embeddings.dimensions),
    });
    const texts = Array.from({ length: 130 }, (_, index) => `서울의 한강 공원 ${index}번째 산책로 🌳`);
    const answer = await callUnary(client, "retrieval", "Embed", { tenant_id: TENANT, input: texts });
    expect(answer.model).toBe(embeddings.model);
    expect(answer.dimensions).toBe(24);
    expect(answer.embeddings).toHaveLength(130);
    answer.embeddings.forEach((embedding, index) => {
      const expected = kitEmbedding(texts[index]!, 24);
      embedding.values.forEach((value, position) => expect(value).toBeCloseTo(expected[position]!, 12));
    });
    // 128 texts per upstream request, then the rest.
    expect(embeddings.calls.map((call) => call.input.length)).toEqual([128, 2]);

    const described = await callUnary(client, "retrieval", "Embed", { tenant_id: TENANT, input: [] });
    expect(described).toEqual({ model: embeddings.model, dimensions: 24, embeddings: [] });
    expect(embeddings.calls).toHaveLength(2);

    const invalid = await rejection(callUnary(client, "retrieval", "Embed", { tenant_id: TENANT, input: ["문장", ""] }));
    expect(invalid).toMatchObject({ kind: "invalid_argument", details: [{ field: "input[1]" }] });
  });

  it("answers NOT_FOUND embedding_model_not_configured without an embedding model", async () => {
    const client = await start({});
    const error = await rejection(callUnary(client, "retrieval", "Embed", { tenant_id: TENANT, input: ["안녕하세요"] }));
    expect(error).toMatchObject({ kind: "not_found", code: "embedding_model_not_configured" });
    const described = await rejection(callUnary(client, "retrieval", "Embed", { tenant_id: TENANT, input: [] }));
    expect(described.code).toBe("embedding_model_not_configured");
  });
});
