import { AppError } from "@chatbot/core";
import { callServerStream, callUnary, checkHealth, createHealthClient } from "@chatbot/grpc";
import { waitFor } from "@chatbot/testkit";
import { INGEST_SERVICE_NAME } from "../src";
import { buildKoreanPdf } from "@chatbot/testkit";
import { koreanPdf } from "./support/korean-documents";
import { countChunks, startIngest, startRetrieval, watchUntilDone, type IngestUnderTest } from "./support/ingest-system";

const TENANT = "테넌트-수집";
const OTHER_TENANT = "다른-테넌트";

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("ingest gRPC service, embedded (PGlite registry, in-process queue, real retrieval)", () => {
  let retrieval: Awaited<ReturnType<typeof startRetrieval>>;
  let ingest: IngestUnderTest;
  const env = { CHUNK_SIZE: "200", CHUNK_OVERLAP: "40", MAX_UPLOAD_MB: "1", INGEST_MAX_ATTEMPTS: "2", INGEST_RETRY_DELAY_MS: "50" };
  const start = () => startIngest(env, { sql: retrieval.sql, index: retrieval.index, upsertBatchSize: 3, watchPollMs: 200 });

  const submit = (
    content: Buffer | string,
    filename: string,
    extra: Partial<{ title: string; metadata_json: string; declared_media_type: string; tenant_id: string; source: string }> = {},
  ) =>
    callUnary(ingest.client, "ingest", "SubmitDocument", {
      tenant_id: TENANT,
      content: typeof content === "string" ? Buffer.from(content) : content,
      filename,
      ...extra,
    });
  const get = (documentId: string, tenantId = TENANT) => callUnary(ingest.client, "ingest", "GetDocument", { tenant_id: tenantId, document_id: documentId });
  const search = (query: string, documentId?: string) =>
    callUnary(retrieval.client, "retrieval", "Search", {
      tenant_id: TENANT,
      query,
      k: 5,
      filters: { document_ids: documentId ? [documentId] : [], sources: [] },
    });

  beforeAll(async () => {
    retrieval = await startRetrieval();
    ingest = await start();
  });

  afterAll(async () => {
    await ingest?.stop();
    await retrieval?.stop();
  });

  it("answers SERVING and reports its stores", async () => {
    const health = createHealthClient(ingest.handle.address);
    try {
      expect(await checkHealth(health, 2000, INGEST_SERVICE_NAME)).toBe("SERVING");
    } finally {
      health.close();
    }
  });

  it("ingests Korean Markdown: queued, processing, progress, ready; then search finds it", async () => {
    const text = [
      "# 경복궁 안내",
      "",
      "경복궁은 조선 왕조의 법궁입니다. 1395년에 지어졌어요. 광화문이 정문이죠.",
      "",
      "## 관람 정보",
      "",
      "화요일은 쉽니다. 한복을 입으면 무료로 들어갈 수 있습니까? 네, 그렇습니다! 🏯",
    ].join("\n");
    const submitted = await submit(text, "경복궁.md", { metadata_json: JSON.stringify({ 분류: "관광" }) });
    expect(submitted.created).toBe(true);
    expect(submitted.document).toMatchObject({
      filename: "경복궁.md",
      title: "경복궁",
      media_type: "text/markdown",
      status: "queued",
      source: "경복궁.md",
      size_bytes: Buffer.byteLength(text),
    });
    expect(JSON.parse(submitted.document!.metadata_json)).toEqual({ 분류: "관광" });
    const id = submitted.document!.document_id;

    const events = await watchUntilDone(ingest.client, TENANT, id);
    expect(events[0]!.document!.document_id).toBe(id);
    expect(["document.queued", "document.processing", "document.ready"]).toContain(events[0]!.type);
    const last = events[events.length - 1]!;
    expect(last.type).toBe("document.ready");
    expect(last.document).toMatchObject({ status: "ready", pages: 1 });
    expect(last.document!.chunks).toBeGreaterThanOrEqual(2);

    const document = await get(id);
    expect(document.status).toBe("ready");
    expect(await countChunks(retrieval.client, TENANT, id)).toBe(document.chunks);
    const found = await search("경복궁 정문은 어디인가요?", id);
    expect(found.results[0]).toMatchObject({ document_id: id, title: "경복궁", page: 0 });
    expect(found.results.map((result) => result.section)).toContain("관람 정보");
    expect(found.results.every((result) => result.chunk_id.startsWith(`${id}#`))).toBe(true);
  });

  it("ingests a multi-page Korean PDF with page numbers on its chunks, reporting progress", async () => {
    const submitted = await submit(koreanPdf(3), "도시안내.pdf");
    const id = submitted.document!.document_id;
    expect(submitted.document!.media_type).toBe("application/pdf");
    const events = await watchUntilDone(ingest.client, TENANT, id);
    const ready = events[events.length - 1]!;
    expect(ready.document).toMatchObject({ status: "ready", pages: 3 });
    const progress = events.filter((event) => event.type === "document.progress");
    if (progress.length > 0) {
      expect(progress[progress.length - 1]).toMatchObject({ chunks_done: ready.document!.chunks, chunks_total: ready.document!.chunks });
    }
    const jeju = await search("한라산과 감귤", id);
    expect(jeju.results[0]).toMatchObject({ document_id: id, page: 3 });
    expect(jeju.results[0]!.text).toContain("한라산");
    const busan = await search("해운대 해수욕장", id);
    expect(busan.results[0]!.page).toBe(2);
  });

  it("returns the existing document when the same bytes come again", async () => {
    const text = "중복 업로드 확인용 문서입니다. 같은 내용이에요.";
    const first = await submit(text, "처음.txt");
    const second = await submit(text, "두번째.txt");
    expect(second.created).toBe(false);
    expect(second.document!.document_id).toBe(first.document!.document_id);
    // Another tenant's identical bytes are its own document.
    const foreign = await submit(text, "처음.txt", { tenant_id: OTHER_TENANT });
    expect(foreign.created).toBe(true);
    expect(foreign.document!.document_id).not.toBe(first.document!.document_id);
  });

  it("refuses unsupported, oversized, empty and badly described uploads with typed errors", async () => {
    const garbage = await rejection(submit(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 0xff, 0xfe]), "가짜문서.pdf"));
    expect(garbage.kind).toBe("unsupported_media_type");
    const large = await rejection(submit(Buffer.alloc(1024 * 1024 + 1, "가"), "큰파일.txt"));
    expect(large.kind).toBe("payload_too_large");
    const empty = await rejection(submit(Buffer.alloc(0), "빈파일.txt"));
    expect(empty.details).toEqual([{ field: "content", message: "is empty" }]);
    const metadata = await rejection(submit("내용", "메모.txt", { metadata_json: "[1, 2]" }));
    expect(metadata.details).toEqual([{ field: "metadata_json", message: "must be a JSON object" }]);
    const tenant = await rejection(submit("내용", "메모.txt", { tenant_id: "" }));
    expect(tenant.details).toEqual([{ field: "tenant_id", message: "is required" }]);
  });

  it("refuses NUL and unpaired surrogates in the names and metadata it would store, naming the field", async () => {
    const cases: Array<[Parameters<typeof submit>[2], string]> = [
      [{ title: "제목\u0000" }, "title"],
      [{ source: "출처\u0000" }, "source"],
      [{ metadata_json: JSON.stringify({ 분류: "널\u0000" }) }, "metadata_json"],
      [{ metadata_json: JSON.stringify({ "키\ud800": "값" }) }, "metadata_json"],
    ];
    for (const [extra, field] of cases) {
      const refused = await rejection(submit("저장할 수 없는 글자가 든 문서입니다.", "메모.txt", extra));
      expect({ field, kind: refused.kind, details: refused.details }).toEqual({
        field,
        kind: "invalid_argument",
        details: [{ field, message: "must not contain NUL characters or unpaired surrogates" }],
      });
    }
    const filename = await rejection(submit("파일 이름에 널이 든 문서입니다.", "메모\u0000.txt"));
    expect(filename.details).toEqual([{ field: "filename", message: "must not contain NUL characters or unpaired surrogates" }]);
  });

  it("fails broken PDFs with the right code while the worker keeps serving", async () => {
    const good = koreanPdf(2, "정상 문서");
    const broken: Array<[string, Buffer, string]> = [
      ["잘린문서.pdf", good.subarray(0, Math.floor(good.length * 0.4)), "pdf_malformed"],
      ["빈문서.pdf", buildKoreanPdf({ pages: [[]], title: "빈 문서" }), "empty_document"],
      ["스캔문서.pdf", buildKoreanPdf({ pages: [["스캔"]], imageOnly: true }), "no_text_layer"],
      ["암호문서.pdf", buildKoreanPdf({ pages: [["비밀입니다."]], encrypted: true }), "pdf_encrypted"],
    ];
    const ids: string[] = [];
    for (const [name, bytes] of broken) ids.push((await submit(bytes, name)).document!.document_id);
    const after = (await submit(buildKoreanPdf({ pages: [["고장 난 문서들 다음에 온 정상 문서입니다."]] }), "다음문서.pdf")).document!;

    for (const [index, [, , code]] of broken.entries()) {
      const events = await watchUntilDone(ingest.client, TENANT, ids[index]!);
      expect(events[events.length - 1]).toMatchObject({ type: "document.failed", document: { status: "failed", error_code: code } });
      expect(events[events.length - 1]!.document!.error_message).not.toBe("");
    }
    const events = await watchUntilDone(ingest.client, TENANT, after.document_id);
    expect(events[events.length - 1]!.document!.status).toBe("ready");
  });

  it("retries while retrieval is down, fails with retries_exhausted, and RetryDocument finishes it", async () => {
    retrieval.index.down = true;
    let id: string;
    try {
      id = (await submit("검색 서비스가 잠시 멈췄을 때 올린 문서입니다.", "장애.txt")).document!.document_id;
      const events = await watchUntilDone(ingest.client, TENANT, id);
      expect(events[events.length - 1]!.document).toMatchObject({ status: "failed", error_code: "retries_exhausted" });
    } finally {
      retrieval.index.down = false;
    }
    const retried = await callUnary(ingest.client, "ingest", "RetryDocument", { tenant_id: TENANT, document_id: id });
    expect(retried).toMatchObject({ status: "queued", error_code: "" });
    const events = await watchUntilDone(ingest.client, TENANT, id);
    expect(events[events.length - 1]!.document!.status).toBe("ready");

    const conflict = await rejection(callUnary(ingest.client, "ingest", "RetryDocument", { tenant_id: TENANT, document_id: id }));
    expect(conflict.kind).toBe("conflict");
    const metrics = await ingest.registry.metrics();
    expect(metrics).toMatch(/chatbot_ingest_jobs_total\{outcome="retry"\} [1-9]/);
    expect(metrics).toMatch(/chatbot_ingest_dead_letters_total\{reason="exhausted"\} [1-9]/);
    expect(metrics).toMatch(/chatbot_ingest_pages_processed_total [1-9]/);
    expect(metrics).toMatch(/chatbot_ingest_job_duration_seconds_count\{outcome="ready"\} [1-9]/);
    expect(metrics).toMatch(/chatbot_ingest_queue_depth 0/);
  });

  it("answers NOT_FOUND for non-UUID and other tenants' ids, and validation errors naming the field", async () => {
    const id = (await submit("다른 테넌트에게 보이면 안 되는 문서입니다.", "비공개.txt")).document!.document_id;
    expect((await rejection(get(id, OTHER_TENANT))).kind).toBe("not_found");
    expect((await rejection(get("문서-아님"))).kind).toBe("not_found");
    expect((await rejection(get(""))).details).toEqual([{ field: "document_id", message: "is required" }]);
    const deleteForeign = await rejection(callUnary(ingest.client, "ingest", "DeleteDocument", { tenant_id: OTHER_TENANT, document_id: id }));
    expect(deleteForeign.kind).toBe("not_found");
    const limit = await rejection(callUnary(ingest.client, "ingest", "ListDocuments", { tenant_id: TENANT, limit: 500 }));
    expect(limit.details).toEqual([{ field: "limit", message: "must be between 1 and 200" }]);
  });

  it("lists newest first with a cursor, filters by status, and counts ready documents", async () => {
    const tenant = "목록-테넌트";
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const submitted = await submit(`목록 확인용 ${index}번 문서입니다.`, `목록${index}.txt`, { tenant_id: tenant });
      ids.push(submitted.document!.document_id);
    }
    for (const id of ids) await watchUntilDone(ingest.client, tenant, id);
    const first = await callUnary(ingest.client, "ingest", "ListDocuments", { tenant_id: tenant, limit: 2 });
    expect(first.documents.map((document) => document.document_id)).toEqual([ids[2], ids[1]]);
    expect(first.next_cursor).not.toBe("");
    const second = await callUnary(ingest.client, "ingest", "ListDocuments", { tenant_id: tenant, limit: 2, cursor: first.next_cursor });
    expect(second.documents.map((document) => document.document_id)).toEqual([ids[0]]);
    expect(second.next_cursor).toBe("");
    const failed = await callUnary(ingest.client, "ingest", "ListDocuments", { tenant_id: tenant, status: "failed" });
    expect(failed.documents).toEqual([]);
    expect((await callUnary(ingest.client, "ingest", "CountReadyDocuments", { tenant_id: tenant })).ready).toBe(3);
  });

  it("deletes a document with its chunks", async () => {
    const id = (await submit("삭제될 문서입니다. 검색에서도 사라져야 해요.", "삭제.txt")).document!.document_id;
    await watchUntilDone(ingest.client, TENANT, id);
    expect(await countChunks(retrieval.client, TENANT, id)).toBeGreaterThan(0);
    await callUnary(ingest.client, "ingest", "DeleteDocument", { tenant_id: TENANT, document_id: id });
    expect(await countChunks(retrieval.client, TENANT, id)).toBe(0);
    expect((await rejection(get(id))).kind).toBe("not_found");
  });

  it("recovers documents left unfinished by a restart", async () => {
    retrieval.index.down = true;
    await ingest.stop();
    ingest = await startIngest({ ...env, INGEST_RETRY_DELAY_MS: "60000" }, { sql: retrieval.sql, index: retrieval.index, watchPollMs: 200 });
    const id = (await submit("재시작 후에도 처리되어야 하는 문서입니다.", "재시작.txt")).document!.document_id;
    await waitFor(async () => (await get(id)).status === "processing", { what: "a document stuck in processing" });

    // A watch of an unfinished document lasts until the client cancels it.
    const controller = new AbortController();
    const seen: string[] = [];
    const watching = (async () => {
      for await (const event of callServerStream(ingest.client, "ingest", "WatchDocument", { tenant_id: TENANT, document_id: id }, { signal: controller.signal })) {
        seen.push(event.type);
        controller.abort();
      }
    })();
    expect((await rejection(watching)).kind).toBe("cancelled");
    expect(seen).toEqual(["document.processing"]);

    await ingest.stop();
    retrieval.index.down = false;
    ingest = await start();
    const events = await watchUntilDone(ingest.client, TENANT, id);
    expect(events[events.length - 1]!.document!.status).toBe("ready");
    expect(await countChunks(retrieval.client, TENANT, id)).toBe(events[events.length - 1]!.document!.chunks);
  });
});
