import request from "supertest";
import { loadIngestConfig, startIngestService } from "@chatbot/ingest";
import { createMetricsRegistry } from "@chatbot/observability";
import type { ServiceHandle } from "@chatbot/runtime";
import { createPgliteClient, type SqlClient } from "@chatbot/sql";
import { buildKoreanPdf, scaledTimeout, testLogger, waitFor } from "@chatbot/testkit";
import { accessApp, type AccessApp } from "./support/access-app";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";
import { readSse } from "./support/sse-client";

let harness: GatewayHarness;
let ingestSql: SqlClient;
let ingest: ServiceHandle;
let gateway: AccessApp;
let baseUrl: string;

const PAGE_ONE = ["청년 주거 지원 안내서입니다.", "신청 자격은 만 19세부터 34세까지입니다."];
const PAGE_TWO = ["월세 지원금은 매달 최대 20만 원입니다.", "지원 기간은 최장 12개월입니다."];

beforeAll(async () => {
  harness = await startGatewayHarness();
  ingestSql = await createPgliteClient();
  ingest = await startIngestService(
    loadIngestConfig({ GRPC_HOST: "127.0.0.1", GRPC_PORT: "0", ADMIN_PORT: "0", RETRIEVAL_ADDR: harness.retrieval.address }),
    { logger: testLogger("ingest"), registry: createMetricsRegistry({ collectDefaults: false }) },
    { sql: ingestSql, watchPollMs: 200 },
  );
  gateway = await accessApp(harness, { AUTH_MODE: "none", INGEST_ADDR: ingest.address, MAX_UPLOAD_MB: "1" });
  baseUrl = await gateway.listen();
}, scaledTimeout(60_000));
afterAll(async () => {
  await gateway?.close();
  await ingest?.stop();
  await ingestSql?.close();
  await harness?.close();
});

async function documentStatus(id: string) {
  return (await request(gateway.app).get(`/api/documents/${id}`)).body as Record<string, any>;
}

describe("documents through HTTP", () => {
  it("ingests an uploaded Korean PDF, reports progress, makes it searchable, and deletes it from the index", async () => {
    const pdf = buildKoreanPdf({ pages: [PAGE_ONE, PAGE_TWO] });
    const uploaded = await request(gateway.app).post("/api/documents").attach("file", pdf, "청년-주거-지원.pdf").field("title", "청년 주거 지원");
    expect(uploaded.status).toBe(202);
    expect(uploaded.body).toMatchObject({
      document_id: expect.any(String),
      filename: "청년-주거-지원.pdf",
      title: "청년 주거 지원",
      media_type: "application/pdf",
      status: expect.stringMatching(/queued|processing|ready/),
      error: null,
    });
    const id = uploaded.body.document_id as string;

    const progress = await readSse(`${baseUrl}/api/documents/${id}/events`);
    expect(progress.events.at(-1)!.data).toMatchObject({ type: "document.ready", document: { document_id: id, status: "ready" } });
    expect(await documentStatus(id)).toMatchObject({ status: "ready", pages: 2, chunks: expect.any(Number) });

    const found = await request(gateway.app).post("/api/search").send({ query: "월세 지원금은 얼마인가요?", k: 3 });
    expect(found.body.results[0]).toMatchObject({ document_id: id, page: 2, title: "청년 주거 지원" });

    const again = await request(gateway.app).post("/api/documents").attach("file", pdf, "다른-이름.pdf");
    expect(again.status).toBe(200);
    expect(again.body.document_id).toBe(id);

    const listed = await request(gateway.app).get("/api/documents?limit=10");
    expect(listed.body.documents.map((document: { document_id: string }) => document.document_id)).toContain(id);

    expect((await request(gateway.app).delete(`/api/documents/${id}`)).status).toBe(204);
    expect((await request(gateway.app).get(`/api/documents/${id}`)).status).toBe(404);
    const after = await request(gateway.app).post("/api/search").send({ query: "월세 지원금은 얼마인가요?", k: 3 });
    expect(after.body.results.map((result: { document_id: string }) => result.document_id)).not.toContain(id);
  });

  it("accepts JSON documents and answers with the list", async () => {
    const response = await request(gateway.app)
      .post("/api/documents")
      .send({ documents: [{ content: "# 휴가 규정\n\n연차는 입사 1년 후 15일입니다.", metadata: { title: "휴가 규정", source: "wiki" } }] });
    expect(response.status).toBe(202);
    expect(response.body.documents).toEqual([expect.objectContaining({ title: "휴가 규정", source: "wiki", status: expect.any(String) })]);
    const id = response.body.documents[0].document_id as string;
    await waitFor(async () => (await documentStatus(id)).status === "ready", { what: "the JSON document to be ready" });
  });

  it("answers an upload over MAX_UPLOAD_MB with 413", async () => {
    const big = Buffer.alloc(1024 * 1024 + 10, "가");
    const response = await request(gateway.app).post("/api/documents").attach("file", big, "큰-파일.txt");
    expect(response.status).toBe(413);
    expect(response.body.error.code).toBe("file_too_large");
  });

  it("answers a JSON batch over MAX_DOCUMENTS_JSON_MB with 413, whatever MAX_UPLOAD_MB allows", async () => {
    const roomy = await accessApp(harness, { AUTH_MODE: "none", INGEST_ADDR: ingest.address, MAX_UPLOAD_MB: "50", MAX_DOCUMENTS_JSON_MB: "1" });
    try {
      const content = "가".repeat(400_000);
      const response = await request(roomy.app)
        .post("/api/documents")
        .send({ documents: [{ content }, { content }] });
      expect(response.status).toBe(413);
      expect(response.body.error.code).toBe("payload_too_large");
    } finally {
      await roomy.close();
    }
  });

  it("decides the type from the bytes: garbage named .pdf is 415", async () => {
    const garbage = Buffer.from([0x00, 0xff, 0x13, 0x37, 0x00, 0x9c, 0xfe, 0x01, 0x02, 0x00]);
    const response = await request(gateway.app).post("/api/documents").attach("file", garbage, "가짜.pdf");
    expect(response.status).toBe(415);
    expect(response.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  });

  it("answers other bodies with 415 and a missing file or empty list with 422", async () => {
    const text = await request(gateway.app).post("/api/documents").set("content-type", "text/plain").send("그냥 텍스트");
    expect(text.status).toBe(415);
    const noFile = await request(gateway.app).post("/api/documents").field("title", "파일 없음");
    expect(noFile.status).toBe(422);
    expect(noFile.body.error.details).toEqual([expect.objectContaining({ field: "file" })]);
    const empty = await request(gateway.app).post("/api/documents").send({ documents: [] });
    expect(empty.status).toBe(422);
  });

  it("fails a broken PDF with its code, can retry it, and refuses to retry a ready document", async () => {
    const truncated = buildKoreanPdf({ pages: [PAGE_ONE] }).subarray(0, 200);
    const uploaded = await request(gateway.app).post("/api/documents").attach("file", truncated, "깨진.pdf");
    expect(uploaded.status).toBe(202);
    const id = uploaded.body.document_id as string;
    const failed = await waitFor(
      async () => {
        const document = await documentStatus(id);
        return document.status === "failed" ? document : undefined;
      },
      { what: "the broken PDF to fail" },
    );
    expect(failed.error).toEqual({ code: "pdf_malformed", message: expect.any(String) });

    const retried = await request(gateway.app).post(`/api/documents/${id}/retry`);
    expect(retried.status).toBe(202);
    await waitFor(async () => (await documentStatus(id)).status === "failed", { what: "the retry to fail again" });

    const good = await request(gateway.app)
      .post("/api/documents")
      .send({ documents: [{ content: "재시도 대상이 아닌 정상 문서입니다.", metadata: { title: "정상 문서" } }] });
    const goodId = good.body.documents[0].document_id as string;
    await waitFor(async () => (await documentStatus(goodId)).status === "ready", { what: "the good document to be ready" });
    const refused = await request(gateway.app).post(`/api/documents/${goodId}/retry`);
    expect(refused.status).toBe(409);
  });

  it("answers 404 for unknown document ids on every route", async () => {
    for (const id of ["6e5f2b0a-4d3c-4b2a-9f1e-0d9c8b7a6f5e", "문서"]) {
      expect((await request(gateway.app).get(`/api/documents/${encodeURIComponent(id)}`)).status).toBe(404);
      expect((await request(gateway.app).delete(`/api/documents/${encodeURIComponent(id)}`)).status).toBe(404);
      expect((await request(gateway.app).post(`/api/documents/${encodeURIComponent(id)}/retry`)).status).toBe(404);
      expect((await readSse(`${baseUrl}/api/documents/${encodeURIComponent(id)}/events`)).status).toBe(404);
    }
  });
});

describe("hostile text in documents through HTTP", () => {
  const listIds = async () =>
    ((await request(gateway.app).get("/api/documents?limit=200")).body.documents as Array<{ document_id: string }>).map((document) => document.document_id);

  it("takes JSON passages holding control characters (BEL, form feed, NUL from pdftotext) as text", async () => {
    const response = await request(gateway.app)
      .post("/api/documents")
      .send({
        documents: [{ content: "제어 문자가 없는 평범한 문단입니다." }, { content: "pdftotext 출력입니다.\u0007 종소리 뒤\f다음 쪽이에요.\u0000 끝\u0085." }],
      });
    expect(response.status).toBe(202);
    expect(response.body.documents).toHaveLength(2);
    const id = response.body.documents[1].document_id as string;
    const ready = await waitFor(
      async () => {
        const document = await documentStatus(id);
        return document.status === "ready" ? document : undefined;
      },
      { what: "the passage with control characters to be ready" },
    );
    expect(ready).toMatchObject({ media_type: "text/plain", error: null });
  });

  it("answers 422 naming the one bad passage of a batch, and stores none of the batch", async () => {
    const before = await listIds();
    const good = (label: string) => ({ content: `${label} 배치의 정상 문단입니다.` });
    const cases: Array<[unknown, string]> = [
      [{ content: "\u0007\u0001 \u0002\u0000" }, "documents.3.content"],
      [{ content: "깨진 \ud800 문자" }, "documents.3.content"],
      [{ content: "메타데이터에 널", metadata: { 분류: "a\u0000b" } }, "documents.3.metadata"],
      [{ content: "메타데이터 키에 서로게이트", metadata: { title: "제목\udc00" } }, "documents.3.metadata"],
    ];
    for (const [bad, field] of cases) {
      const response = await request(gateway.app)
        .post("/api/documents")
        .send({ documents: [good("첫째"), good("둘째"), good("셋째"), bad] });
      expect({ field, status: response.status }).toEqual({ field, status: 422 });
      expect(response.body.error).toMatchObject({ code: "validation_failed", details: [expect.objectContaining({ field })] });
    }
    expect(await listIds()).toEqual(before);
  });

  it("answers 422 naming the field for NUL or unpaired surrogates in an upload's title or metadata", async () => {
    const upload = () => request(gateway.app).post("/api/documents").attach("file", Buffer.from("업로드 본문입니다."), "본문.txt");
    const badTitle = await upload().field("title", "제목\u0000");
    expect(badTitle.status).toBe(422);
    expect(badTitle.body.error.details).toEqual([expect.objectContaining({ field: "title" })]);
    const badMetadata = await upload().field("metadata", JSON.stringify({ source: "위키\ud800" }));
    expect(badMetadata.status).toBe(422);
    expect(badMetadata.body.error.details).toEqual([expect.objectContaining({ field: "metadata" })]);
  });
});
