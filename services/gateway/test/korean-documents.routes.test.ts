import request from "supertest";
import { loadIngestConfig, startIngestService } from "@chatbot/ingest";
import { createMetricsRegistry } from "@chatbot/observability";
import type { ServiceHandle } from "@chatbot/runtime";
import { createPgliteClient, type SqlClient } from "@chatbot/sql";
import { KOREAN_DOCUMENTS, koreanDocument, scaledTimeout, testLogger, waitFor } from "@chatbot/testkit";
import { accessApp, type AccessApp } from "./support/access-app";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";

let harness: GatewayHarness;
let ingestSql: SqlClient;
let ingest: ServiceHandle;
let gateway: AccessApp;

/** Documents as content owners have them, each with a question about one of its sentences. */
const UPLOADS = [
  {
    format: "HWP",
    ...KOREAN_DOCUMENTS.pressReleaseHwp,
    filename: "누리-보도자료.hwp",
    title: "한국형발사체 명칭 보도자료",
    mediaType: "application/x-hwp",
    page: 1,
  },
  {
    format: "HWPX",
    ...KOREAN_DOCUMENTS.noticeHwpx,
    filename: "강남구-입법예고.hwpx",
    title: "강남구 공무직 관리 규정 입법예고",
    mediaType: "application/hwp+zip",
    page: 1,
  },
  {
    format: "DOCX",
    ...KOREAN_DOCUMENTS.anthemDocx,
    filename: "애국가.docx",
    title: "애국가",
    mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    page: null,
  },
  {
    format: "EUC-KR text",
    ...KOREAN_DOCUMENTS.powerOfAttorneyEucKr,
    filename: "위임장.txt",
    title: "행복주택 위임장",
    mediaType: "text/plain; charset=euc-kr",
    page: null,
  },
];

beforeAll(async () => {
  harness = await startGatewayHarness();
  ingestSql = await createPgliteClient();
  ingest = await startIngestService(
    loadIngestConfig({ GRPC_HOST: "127.0.0.1", GRPC_PORT: "0", ADMIN_PORT: "0", RETRIEVAL_ADDR: harness.retrieval.address }),
    { logger: testLogger("ingest"), registry: createMetricsRegistry({ collectDefaults: false }) },
    { sql: ingestSql, watchPollMs: 200 },
  );
  gateway = await accessApp(harness, { AUTH_MODE: "none", INGEST_ADDR: ingest.address, MAX_UPLOAD_MB: "1" });
}, scaledTimeout(60_000));
afterAll(async () => {
  await gateway?.close();
  await ingest?.stop();
  await ingestSql?.close();
  await harness?.close();
});

describe("Korean documents as content owners have them, through HTTP", () => {
  const ids = new Map<string, string>();

  it("takes HWP, HWPX, DOCX and EUC-KR text uploads and makes each ready", async () => {
    for (const upload of UPLOADS) {
      const response = await request(gateway.app).post("/api/documents").attach("file", koreanDocument(upload.file), upload.filename).field("title", upload.title);
      expect({ format: upload.format, status: response.status, media_type: response.body.media_type }).toEqual({
        format: upload.format,
        status: 202,
        media_type: upload.mediaType,
      });
      ids.set(upload.format, response.body.document_id as string);
    }
    for (const upload of UPLOADS) {
      const document = await waitFor(
        async () => {
          const current = (await request(gateway.app).get(`/api/documents/${ids.get(upload.format)}`)).body as Record<string, unknown>;
          return current.status === "ready" || current.status === "failed" ? current : undefined;
        },
        { what: `the ${upload.format} document to be processed`, timeoutMs: 60_000 },
      );
      expect({ format: upload.format, status: document.status, error: document.error }).toEqual({ format: upload.format, status: "ready", error: null });
      expect(document.chunks).toBeGreaterThan(0);
    }
    const hwp = (await request(gateway.app).get(`/api/documents/${ids.get("HWP")}`)).body;
    expect(hwp.pages).toBe(3);
  });

  it.each(UPLOADS.map((upload) => [upload.format, upload] as const))(
    "finds the passage of the %s document first for a question about it, and cites it in chat",
    async (format, upload) => {
      const id = ids.get(format)!;
      const search = await request(gateway.app).post("/api/search").send({ query: upload.question, k: 5 });
      expect(search.status).toBe(200);
      expect(search.body.results[0]).toMatchObject({ document_id: id, title: upload.title, page: upload.page });
      expect(search.body.results[0].text).toContain(upload.sentence);

      const chat = await request(gateway.app).post("/api/chat").send({ message: upload.question, k: 3 });
      expect(chat.status).toBe(200);
      // The same passage, cited first (its snippet may be shortened; the prompt carries it whole).
      const chunkIndex = Number(String(search.body.results[0].chunk_id).split("#").at(-1));
      expect(chat.body.sources[0]).toMatchObject({ document_id: id, title: upload.title, page: upload.page, chunk_index: chunkIndex });
      const system = (harness.upstream.requests.at(-1)!.body.messages as { role: string; content: string }[])[0]!;
      expect(system.content).toContain(`[1] ${upload.title}`);
      expect(system.content).toContain(upload.sentence);
    },
  );

  it("answers text in an encoding it cannot tell with 415 naming the encodings accepted", async () => {
    // "北京是中华人民共和国的首都，也是全国的政治和文化中心。" in GB2312: every byte pair is valid EUC-KR too.
    const chinese = Buffer.from("b1b1bea9cac7d6d0bbaac8cbc3f1b9b2bacdb9fab5c4cad7b6bca3acd2b2cac7c8abb9fab5c4d5fed6cebacdcec4bbafd6d0d0c4a1a3", "hex");
    const response = await request(gateway.app).post("/api/documents").attach("file", chinese, "안내문.txt");
    expect(response.status).toBe(415);
    expect(response.body.error).toMatchObject({ code: "unknown_text_encoding", message: expect.stringContaining("EUC-KR/CP949") });
  });

  it("describes the accepted upload types in the OpenAPI document", async () => {
    const openapi = (await request(gateway.app).get("/openapi.json")).body;
    const file = openapi.components.schemas.DocumentUpload.properties.file.description as string;
    for (const format of ["PDF", "HWP (5.0)", "HWPX", "DOCX", "PPTX", "XLSX", "HTML", "Markdown", "UTF-8", "EUC-KR/CP949", "UTF-16"]) expect(file).toContain(format);
    expect(openapi.paths["/api/documents"].post.responses["415"].description).toContain("unknown_text_encoding");
  });
});
