import { vector } from "@electric-sql/pglite-pgvector";
import { QdrantClient } from "@qdrant/js-client-rest";
import { callUnary, createClient, protos, type retrievalV1 } from "@chatbot/grpc";
import { createMetricsRegistry } from "@chatbot/observability";
import type { ServiceHandle } from "@chatbot/runtime";
import { createPgliteClient, type SqlClient } from "@chatbot/sql";
import { type DisposableServer, type EmbeddingsServer, scaledTimeout, startDisposableQdrant, startEmbeddingsServer, testLogger, uniqueName } from "@chatbot/testkit";
import { loadRetrievalConfig, startRetrievalService } from "../src";

const TENANT = "테넌트-복제";

interface Replica {
  handle: ServiceHandle;
  client: retrievalV1.Client;
  stop(): Promise<void>;
}

async function startReplica(env: Record<string, string>, sql?: SqlClient): Promise<Replica> {
  const handle = await startRetrievalService(
    loadRetrievalConfig({ GRPC_HOST: "127.0.0.1", GRPC_PORT: "0", ADMIN_PORT: "0", ...env }),
    { logger: testLogger("retrieval"), registry: createMetricsRegistry({ collectDefaults: false }) },
    sql ? { sql } : {},
  );
  const client = createClient(protos.retrieval().Retrieval, handle.address);
  return {
    handle,
    client,
    async stop() {
      client.close();
      await handle.stop();
    },
  };
}

const search = async (replica: Replica, query: string) =>
  (await callUnary(replica.client, "retrieval", "Search", { tenant_id: TENANT, query, k: 5 })).results.map((result) => result.document_id);

const upsert = (replica: Replica, document_id: string, text: string) =>
  callUnary(replica.client, "retrieval", "UpsertChunks", { tenant_id: TENANT, chunks: [{ document_id, text, title: "", chunk_index: 0 }] });

describe("retrieval replicas on one Qdrant", () => {
  let qdrant: DisposableServer | undefined;
  let qdrantUrl: string;

  beforeAll(async () => {
    if (process.env.QDRANT_URL) qdrantUrl = process.env.QDRANT_URL;
    else qdrantUrl = (qdrant = await startDisposableQdrant()).url;
  });

  afterAll(async () => {
    await qdrant?.dispose();
  });

  it("two replicas started at the same moment on a new collection both come up, every time", async () => {
    for (let round = 0; round < 3; round++) {
      const env = { QDRANT_URL: qdrantUrl, COLLECTION_NAME: uniqueName("replicas") };
      const replicas = await Promise.all([startReplica(env), startReplica(env)]);
      try {
        await upsert(replicas[0]!, "동시-시작", "동시에 시작한 두 복제본이 같은 모음집을 쓴다 🚀");
        expect(await search(replicas[1]!, "동시에 시작한 복제본")).toEqual(["동시-시작"]);
      } finally {
        await Promise.all(replicas.map((replica) => replica.stop()));
      }
    }
  });

  it("what one replica upserts the other finds at once, and after a delete neither does", async () => {
    const env = { QDRANT_URL: qdrantUrl, COLLECTION_NAME: uniqueName("replicas") };
    const [first, second] = await Promise.all([startReplica(env), startReplica(env)]);
    try {
      for (let round = 0; round < 5; round++) {
        const documentId = `울릉도-${round}`;
        await upsert(first!, documentId, `울릉도 여행기 ${round}회차: 도동항에서 독도 전망대까지 걸었다.`);
        expect(await search(second!, `울릉도 여행기 ${round}회차`)).toContain(documentId);
        expect((await callUnary(second!.client, "retrieval", "DeleteDocument", { tenant_id: TENANT, document_id: documentId })).deleted).toBe(1);
        expect(await search(first!, `울릉도 여행기 ${round}회차`)).not.toContain(documentId);
        expect(await search(second!, `울릉도 여행기 ${round}회차`)).not.toContain(documentId);
      }
    } finally {
      await Promise.all([first!.stop(), second!.stop()]);
    }
  });

  it("stores no dense vectors without an embedding model, and fuses them in with one", async () => {
    const keywordOnly = { QDRANT_URL: qdrantUrl, COLLECTION_NAME: uniqueName("keywords") };
    const replica = await startReplica(keywordOnly);
    try {
      await upsert(replica, "키워드", "임베딩 없이 키워드로만 찾는 문단");
      expect(await search(replica, "키워드로만 찾는")).toEqual(["키워드"]);
    } finally {
      await replica.stop();
    }
    const qdrantClient = new QdrantClient({ url: qdrantUrl, checkCompatibility: false });
    const info = await qdrantClient.getCollection(keywordOnly.COLLECTION_NAME);
    expect(info.config.params.vectors ?? {}).toEqual({});
    expect(info.config.params.sparse_vectors).toEqual({ keywords: { modifier: "idf" } });

    const embeddings = await startEmbeddingsServer({ dimensions: 32 });
    const hybridCollection = uniqueName("hybrid");
    const hybrid = await startReplica(embeddingEnv(embeddings, { QDRANT_URL: qdrantUrl, COLLECTION_NAME: hybridCollection }));
    try {
      await expectHybridSearch(hybrid, embeddings);
      const hybridInfo = await qdrantClient.getCollection(hybridCollection);
      expect(hybridInfo.config.params.vectors).toMatchObject({ dense: { size: 32, distance: "Cosine" } });
    } finally {
      await hybrid.stop();
      await embeddings.close();
    }
  });
});

describe("embedded retrieval with and without an embedding model", () => {
  // Each test opens a PGlite of its own, which takes seconds on a busy machine.
  const PGLITE_TEST_TIMEOUT_MS = scaledTimeout(120_000);

  it(
    "keeps no vectors without one",
    async () => {
      const sql = await createPgliteClient({ extensions: { vector } });
      try {
        const keywordOnly = await startReplica({}, sql);
        try {
          await upsert(keywordOnly, "키워드", "임베딩 없이 키워드로만 찾는 문단");
          expect(await search(keywordOnly, "키워드로만 찾는")).toEqual(["키워드"]);
          const stored = await sql.query<{ vectors: number }>("SELECT count(embedding)::int AS vectors FROM retrieval.chunks");
          expect(stored.rows[0]!.vectors).toBe(0);
        } finally {
          await keywordOnly.stop();
        }
      } finally {
        await sql.close();
      }
    },
    PGLITE_TEST_TIMEOUT_MS,
  );

  it(
    "calls the embedding server for chunks and queries with one, and fuses both sides",
    async () => {
      const sql = await createPgliteClient({ extensions: { vector } });
      const embeddings = await startEmbeddingsServer({ dimensions: 32 });
      try {
        const hybrid = await startReplica(embeddingEnv(embeddings, {}), sql);
        try {
          await expectHybridSearch(hybrid, embeddings);
        } finally {
          await hybrid.stop();
        }
      } finally {
        await embeddings.close();
        await sql.close();
      }
    },
    PGLITE_TEST_TIMEOUT_MS,
  );
});

function embeddingEnv(server: EmbeddingsServer, env: Record<string, string>): Record<string, string> {
  return {
    ...env,
    EMBEDDING_PROVIDER: "openai",
    EMBEDDING_BASE_URL: server.baseUrl,
    EMBEDDING_API_KEY: "kit-key",
    EMBEDDING_MODEL: server.model,
    EMBEDDING_DIMENSIONS: String(server.dimensions),
  };
}

/** Upserts and searches through a replica with an embedding model: both sides are used and fused. */
async function expectHybridSearch(replica: Replica, server: EmbeddingsServer): Promise<void> {
  const before = server.calls.length;
  await callUnary(replica.client, "retrieval", "UpsertChunks", {
    tenant_id: TENANT,
    chunks: [
      { document_id: "한강", title: "한강", text: "한강은 서울을 가로질러 흐르는 강이다. 🌉", chunk_index: 0 },
      { document_id: "부산", title: "부산", text: "부산은 대한민국 제2의 도시이며 항구 도시이다.", chunk_index: 0 },
    ],
  });
  expect(server.calls[before]).toMatchObject({
    model: server.model,
    input: ["한강\n한강은 서울을 가로질러 흐르는 강이다. 🌉", "부산\n부산은 대한민국 제2의 도시이며 항구 도시이다."],
  });
  expect(server.calls[before]!.authorization).toBe("Bearer kit-key");
  expect((await search(replica, "서울을 가로지르는 강"))[0]).toBe("한강");
  expect(server.calls.at(-1)!.input).toEqual(["서울을 가로지르는 강"]);
  // A query with no stored keyword still finds by the dense side alone.
  expect(await search(replica, "🌉 강이다")).toContain("한강");
}
