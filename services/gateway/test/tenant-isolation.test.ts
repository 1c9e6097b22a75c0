import request from "supertest";
import { createMetricsRegistry } from "@chatbot/observability";
import { loadIngestConfig, startIngestService } from "@chatbot/ingest";
import type { ServiceHandle } from "@chatbot/runtime";
import { createPgliteClient, type SqlClient } from "@chatbot/sql";
import { scaledTimeout, testLogger, waitFor } from "@chatbot/testkit";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";
import { ADMIN_KEY, accessApp, createKey, type AccessApp } from "./support/access-app";

interface TenantData {
  name: string;
  key: string;
  sessionId: string;
  messageId: string;
  streamMessageId: string;
  documentId: string;
  /** A word only this tenant's document holds. */
  word: string;
}

const UNKNOWN = "00000000-0000-4000-8000-000000000000";
/** Both tenants' frontends name a user alike: the tenant still keeps them apart. */
const SHARED_USER_ID = "user-1";

let harness: GatewayHarness;
let ingestSql: SqlClient;
let ingest: ServiceHandle;
let gateway: AccessApp;
const tenants: TenantData[] = [];

async function setUpTenant(name: string, word: string, topic: string): Promise<TenantData> {
  const { key } = await createKey(gateway.app, name);
  const as = (call: request.Test) => call.set("X-API-Key", key);
  const session = await as(request(gateway.app).post("/api/sessions")).send({ metadata: { 고객: name }, user_id: SHARED_USER_ID });
  expect(session.status).toBe(201);
  const sessionId = session.body.session_id as string;
  const message = await as(request(gateway.app).post(`/api/sessions/${sessionId}/messages`)).send({
    role: "user",
    content: `${topic}에 대해 알려 주세요 🙂`,
  });
  expect(message.status).toBe(201);
  const stream = await as(request(gateway.app).post("/api/chat/stream")).send({ session_id: sessionId, message: `${topic} 요약`, use_rag: false });
  expect(stream.status).toBe(200);
  const streamMessageId = JSON.parse(/data: (.*)/.exec(stream.text)![1]!).message_id as string;
  const documents = await as(request(gateway.app).post("/api/documents")).send({
    documents: [
      {
        content: `# ${topic}\n\n${word}은(는) ${name}만 아는 내용입니다. ${topic} 규정은 매년 갱신됩니다. 자세한 내용은 담당자에게 문의하세요.`,
        metadata: { title: `${name} ${topic} 안내`, source: "wiki" },
      },
    ],
  });
  expect(documents.status).toBe(202);
  const documentId = documents.body.documents[0].document_id as string;
  await waitFor(async () => (await as(request(gateway.app).get(`/api/documents/${documentId}`))).body.status === "ready", {
    what: `${name}'s document to be ready`,
    timeoutMs: 20_000,
  });
  return { name, key, sessionId, messageId: message.body.message_id, streamMessageId, documentId, word };
}

beforeAll(async () => {
  harness = await startGatewayHarness();
  const registry = createMetricsRegistry({ collectDefaults: false });
  ingestSql = await createPgliteClient();
  ingest = await startIngestService(
    loadIngestConfig({ GRPC_HOST: "127.0.0.1", GRPC_PORT: "0", ADMIN_PORT: "0", RETRIEVAL_ADDR: harness.retrieval.address }),
    { logger: testLogger("ingest"), registry },
    { sql: ingestSql, watchPollMs: 200 },
  );
  gateway = await accessApp(harness, { AUTH_MODE: "api_key", ADMIN_API_KEY: ADMIN_KEY, INGEST_ADDR: ingest.address });
  tenants.push(await setUpTenant("가나-상사", "반딧불이프로토콜", "휴가"));
  tenants.push(await setUpTenant("다라-물산", "은하수정산표", "출장"));
}, scaledTimeout(60_000));

afterAll(async () => {
  await gateway?.close();
  await ingest?.stop();
  await ingestSql?.close();
  await harness?.close();
});

type Probe = { label: string; call: (key: string, ids: TenantData) => request.Test };

/** Every endpoint that takes an id, with the ids of the tenant given. */
const PROBES: Probe[] = [
  { label: "GET session", call: (key, ids) => request(gateway.app).get(`/api/sessions/${ids.sessionId}`).set("X-API-Key", key) },
  { label: "DELETE session", call: (key, ids) => request(gateway.app).delete(`/api/sessions/${ids.sessionId}`).set("X-API-Key", key) },
  {
    label: "PATCH session title",
    call: (key, ids) => request(gateway.app).patch(`/api/sessions/${ids.sessionId}`).set("X-API-Key", key).send({ title: "남의 세션 제목 바꾸기" }),
  },
  { label: "GET messages", call: (key, ids) => request(gateway.app).get(`/api/sessions/${ids.sessionId}/messages`).set("X-API-Key", key) },
  {
    label: "GET messages before another's message",
    call: (key, ids) => request(gateway.app).get(`/api/sessions/${ids.sessionId}/messages`).query({ before: ids.messageId }).set("X-API-Key", key),
  },
  {
    label: "POST message",
    call: (key, ids) => request(gateway.app).post(`/api/sessions/${ids.sessionId}/messages`).set("X-API-Key", key).send({ role: "user", content: "끼어들기 시도" }),
  },
  {
    label: "POST chat",
    call: (key, ids) => request(gateway.app).post("/api/chat").set("X-API-Key", key).send({ session_id: ids.sessionId, message: "남의 세션에 질문" }),
  },
  {
    label: "POST chat stream",
    call: (key, ids) => request(gateway.app).post("/api/chat/stream").set("X-API-Key", key).send({ session_id: ids.sessionId, message: "남의 세션에 스트림" }),
  },
  {
    label: "GET chat stream",
    call: (key, ids) => request(gateway.app).get("/api/chat/stream").query({ session_id: ids.sessionId, message: "남의 세션" }).set("X-API-Key", key),
  },
  { label: "resume stream", call: (key, ids) => request(gateway.app).get(`/api/chat/streams/${ids.streamMessageId}`).set("X-API-Key", key) },
  {
    label: "resume stream after an id",
    call: (key, ids) => request(gateway.app).get(`/api/chat/streams/${ids.streamMessageId}`).query({ after: "1" }).set("X-API-Key", key),
  },
  { label: "stop stream", call: (key, ids) => request(gateway.app).post(`/api/chat/streams/${ids.streamMessageId}/stop`).set("X-API-Key", key) },
  {
    label: "PUT answer feedback",
    call: (key, ids) =>
      request(gateway.app).put(`/api/messages/${ids.streamMessageId}/feedback`).set("X-API-Key", key).send({ rating: "down", comment: "남의 답변 평가" }),
  },
  { label: "DELETE answer feedback", call: (key, ids) => request(gateway.app).delete(`/api/messages/${ids.streamMessageId}/feedback`).set("X-API-Key", key) },
  { label: "GET document", call: (key, ids) => request(gateway.app).get(`/api/documents/${ids.documentId}`).set("X-API-Key", key) },
  { label: "retry document", call: (key, ids) => request(gateway.app).post(`/api/documents/${ids.documentId}/retry`).set("X-API-Key", key) },
  { label: "document events", call: (key, ids) => request(gateway.app).get(`/api/documents/${ids.documentId}/events`).set("X-API-Key", key) },
  { label: "DELETE document", call: (key, ids) => request(gateway.app).delete(`/api/documents/${ids.documentId}`).set("X-API-Key", key) },
];

/** Each tenant as the caller, with the other as the owner of the ids. */
const pairs = (): [TenantData, TenantData][] => [
  [tenants[0]!, tenants[1]!],
  [tenants[1]!, tenants[0]!],
];

const unknownIds = (): TenantData => ({
  name: "없음",
  key: "",
  sessionId: UNKNOWN,
  messageId: UNKNOWN,
  streamMessageId: UNKNOWN,
  documentId: UNKNOWN,
  word: "",
});

describe("tenant isolation", () => {
  it.each(PROBES.map((probe) => [probe.label, probe] as const))("%s with the other tenant's id answers 404 exactly as an unknown id", async (_label, probe) => {
    for (const [self, other] of pairs()) {
      const foreign = await probe.call(self.key, other);
      const unknown = await probe.call(self.key, unknownIds());
      expect([probe.label, foreign.status]).toEqual([probe.label, 404]);
      expect(foreign.body.error.code).toBe(unknown.body.error.code);
      expect(foreign.body.error.message).toBe(unknown.body.error.message);
    }
  });

  it("left the other tenant's data as it was", async () => {
    for (const tenant of tenants) {
      const session = await request(gateway.app).get(`/api/sessions/${tenant.sessionId}`).set("X-API-Key", tenant.key);
      expect(session.status).toBe(200);
      const messages = await request(gateway.app).get(`/api/sessions/${tenant.sessionId}/messages`).set("X-API-Key", tenant.key);
      // The appended message, the streamed question and its reply; nothing the other tenant tried to add.
      expect(messages.body.messages.map((message: { role: string }) => message.role)).toEqual(["user", "user", "assistant"]);
      expect(messages.text).not.toContain("끼어들기");
      expect(messages.body.messages.map((message: { feedback: unknown }) => message.feedback)).toEqual([null, null, null]);
      const review = await request(gateway.app).get("/api/feedback").set("X-API-Key", tenant.key);
      expect(review.body.items).toEqual([]);
      const document = await request(gateway.app).get(`/api/documents/${tenant.documentId}`).set("X-API-Key", tenant.key);
      expect(document.body.status).toBe("ready");
      const resumed = await request(gateway.app).get(`/api/chat/streams/${tenant.streamMessageId}`).set("X-API-Key", tenant.key);
      expect(resumed.status).toBe(200);
      expect(resumed.text).toContain('"done":true');
    }
  });

  it("lists only the tenant's own sessions, with or without a user filter", async () => {
    for (const [self, other] of pairs()) {
      for (const query of [{}, { user_id: SHARED_USER_ID }]) {
        const listed = await request(gateway.app).get("/api/sessions").query(query).set("X-API-Key", self.key);
        expect(listed.status).toBe(200);
        const ids = listed.body.sessions.map((session: { session_id: string }) => session.session_id);
        expect(ids).toContain(self.sessionId);
        expect(ids).not.toContain(other.sessionId);
        expect(listed.text).not.toContain("남의 세션 제목");
      }
    }
  });

  it("finds only the tenant's own sessions by words, even words both tenants wrote or the other tenant's topic", async () => {
    for (const [self, other] of pairs()) {
      for (const query of [{ q: "알려 주세요" }, { q: "알려 주세요", user_id: SHARED_USER_ID }]) {
        const found = await request(gateway.app).get("/api/sessions/search").query(query).set("X-API-Key", self.key);
        expect(found.status).toBe(200);
        const ids = found.body.results.map((result: { session_id: string }) => result.session_id);
        expect(ids).toContain(self.sessionId);
        expect(ids).not.toContain(other.sessionId);
      }
      const topic = other.name === "가나-상사" ? "휴가" : "출장";
      const theirs = await request(gateway.app).get("/api/sessions/search").query({ q: topic }).set("X-API-Key", self.key);
      expect(theirs.body.results.map((result: { session_id: string }) => result.session_id)).not.toContain(other.sessionId);
    }
  });

  it("lists only the tenant's own documents", async () => {
    for (const [self, other] of pairs()) {
      const listed = await request(gateway.app).get("/api/documents").set("X-API-Key", self.key);
      expect(listed.status).toBe(200);
      const ids = listed.body.documents.map((document: { document_id: string }) => document.document_id);
      expect(ids).toEqual([self.documentId]);
      expect(ids).not.toContain(other.documentId);
    }
  });

  it("never returns another tenant's chunks from search", async () => {
    for (const [self, other] of pairs()) {
      const own = await request(gateway.app).post("/api/search").set("X-API-Key", self.key).send({ query: self.word, k: 10 });
      expect(own.status).toBe(200);
      expect(own.body.results.length).toBeGreaterThan(0);
      expect(own.body.results[0].text).toContain(self.word);
      const foreign = await request(gateway.app).post("/api/search").set("X-API-Key", self.key).send({ query: other.word, k: 50 });
      expect(foreign.status).toBe(200);
      for (const result of foreign.body.results as { document_id: string; text: string }[]) {
        expect(result.document_id).toBe(self.documentId);
        expect(result.text).not.toContain(other.word);
      }
      const filtered = await request(gateway.app)
        .post("/api/search")
        .set("X-API-Key", self.key)
        .send({ query: other.word, k: 50, filters: { document_ids: [other.documentId] } });
      expect(filtered.body.results).toEqual([]);
    }
  });
});
