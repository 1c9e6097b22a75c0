import { callUnary } from "@chatbot/grpc";
import { createPostgresClient } from "@chatbot/sql";
import { scaledTimeout, testStores, uniqueName } from "@chatbot/testkit";
import { inflatingPdf, manyPagesPdf } from "./support/bomb-pdfs";
import { buildZip, hwpxEntries } from "./support/zip-builder";
import { withLagProbe } from "./support/event-loop-lag";
import { startIngest, startRetrieval, watchUntilDone, type IngestUnderTest } from "./support/ingest-system";

const TENANT = "테넌트-폭탄";
/**
 * The service's thread may stall this long at most while a bomb is read, and another
 * tenant's call take this long: generous for a loaded two-core CI machine, and still
 * far below the minutes a bomb took on the service's own thread.
 */
const MAX_LAG_MS = scaledTimeout(1000);
const MAX_CALL_MS = scaledTimeout(2000);
/**
 * Room for the 20,000-page PDF's page tree (about 1 s here) on a loaded machine, and short
 * of the 28–35 s the inflating one takes on a quiet one even at its most stretched (18 s):
 * the pace is read once, and a machine judged busy may run this file fast.
 */
const PARSE_TIMEOUT_SECONDS = Math.ceil(scaledTimeout(3000) / 1000);

/**
 * Documents that are small uploads and vast once read, sent to a service that works its
 * in-process queue in the process that answers calls, as `npm start` does: each fails
 * with a code naming its cap, while the service keeps answering everyone else. The
 * registry is Postgres rather than embedded PGlite, whose in-thread writes of a 3 MB
 * upload would be timed along with the parse.
 */
describe("ingest refuses document bombs without stalling", () => {
  let retrieval: Awaited<ReturnType<typeof startRetrieval>>;
  let ingest: IngestUnderTest;
  const schema = uniqueName("ingest_bombs");
  const env = {
    DATABASE_URL: testStores.postgresUrl,
    MAX_UPLOAD_MB: "5",
    MAX_DOCUMENT_PAGES: "2000",
    MAX_DOCUMENT_CHARS: "50000",
    MAX_DOCUMENT_CHUNKS: "20",
    MAX_DOCUMENT_UNPACKED_MB: "16",
    CHUNK_SIZE: "200",
    CHUNK_OVERLAP: "40",
    PARSE_TIMEOUT_SECONDS: String(PARSE_TIMEOUT_SECONDS),
    INGEST_RETRY_DELAY_MS: "50",
  };

  beforeAll(async () => {
    retrieval = await startRetrieval();
    ingest = await startIngest(env, { schema, index: retrieval.index, watchPollMs: 100 });
    // Loads a parse thread (pdf.js) first, so that the deadlines below time the documents.
    const warm = await submit(Buffer.from("# 준비\n준비 문서입니다."), "준비.md");
    await watchUntilDone(ingest.client, TENANT, warm.document!.document_id, 30_000);
  }, scaledTimeout(60_000));

  afterAll(async () => {
    await ingest?.stop();
    await retrieval?.stop();
    const pg = createPostgresClient({ connectionString: testStores.postgresUrl });
    await pg.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await pg.close();
  });

  const submit = (content: Buffer, filename: string) => callUnary(ingest.client, "ingest", "SubmitDocument", { tenant_id: TENANT, content, filename });

  /** Submits a document, then while it is processed times this thread's stalls and another tenant's calls. */
  async function submitWhileProbing(content: Buffer, filename: string) {
    const submitted = await submit(content, filename);
    const id = submitted.document!.document_id;
    const { result, maxLagMs, elapsedMs } = await withLagProbe(async () => {
      const callTimes: number[] = [];
      let finished = false;
      const watching = watchUntilDone(ingest.client, TENANT, id, 30_000).finally(() => {
        finished = true;
      });
      while (!finished) {
        const started = performance.now();
        await callUnary(ingest.client, "ingest", "ListDocuments", { tenant_id: "다른-테넌트", limit: 5 });
        callTimes.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const events = await watching;
      return { document: events[events.length - 1]!.document!, slowestCallMs: Math.max(...callTimes) };
    });
    return { ...result, maxLagMs, elapsedMs };
  }

  it("fails a 3 MB PDF of 20,000 pages with too_many_pages", async () => {
    const bomb = manyPagesPdf(20_000);
    const outcome = await submitWhileProbing(bomb, "이만-쪽.pdf");
    expect(outcome.document).toMatchObject({ status: "failed", error_code: "too_many_pages" });
    expect(outcome.maxLagMs).toBeLessThan(MAX_LAG_MS);
    expect(outcome.slowestCallMs).toBeLessThan(MAX_CALL_MS);
  });

  it("fails a 100 KB PDF whose four pages each inflate to 30 MB with parse_timeout, within the deadline", async () => {
    const outcome = await submitWhileProbing(inflatingPdf(30, 4), "부풀기.pdf");
    expect(outcome.document).toMatchObject({ status: "failed", error_code: "parse_timeout" });
    expect(outcome.elapsedMs).toBeLessThan(PARSE_TIMEOUT_SECONDS * 1000 + scaledTimeout(3000));
    expect(outcome.maxLagMs).toBeLessThan(MAX_LAG_MS);
    expect(outcome.slowestCallMs).toBeLessThan(MAX_CALL_MS);
  });

  it("fails documents over the character and chunk caps with text_too_large and too_many_chunks", async () => {
    // 40 pages of about 1,500 characters: the cap of 50,000 is passed near page 34.
    const long = await submitWhileProbing(manyPagesPdf(40, 40), "긴-문서.pdf");
    expect(long.document).toMatchObject({ status: "failed", error_code: "text_too_large" });
    // About 6,000 characters: under the character cap, over 20 chunks of 200.
    const paragraphs = Array.from({ length: 200 }, (_, index) => `${index + 1}번째 문단입니다. 서울은 한국의 수도예요.`).join("\n\n");
    const chunky = await submitWhileProbing(Buffer.from(paragraphs), "조각.txt");
    expect(chunky.document).toMatchObject({ status: "failed", error_code: "too_many_chunks" });
    const fetched = await callUnary(ingest.client, "ingest", "GetDocument", { tenant_id: TENANT, document_id: chunky.document.document_id });
    expect(fetched).toMatchObject({ status: "failed", error_code: "too_many_chunks", error_message: expect.stringContaining("at most 20") });
  });

  it("fails HWPX and DOCX archives that inflate past MAX_DOCUMENT_UNPACKED_MB, whatever sizes they declare", async () => {
    // 64 MB of spaces deflate to about 64 KB.
    const spaces = " ".repeat(64 * 1024 * 1024);
    const hwpx = buildZip([...hwpxEntries("<hs:sec/>").slice(0, 2), { name: "Contents/section0.xml", content: `<hs:sec>${spaces}</hs:sec>` }]);
    expect(hwpx.length).toBeLessThan(200_000);
    const honest = await submitWhileProbing(hwpx, "부풀기.hwpx");
    expect(honest.document).toMatchObject({ status: "failed", error_code: "unpacked_too_large" });
    expect(honest.maxLagMs).toBeLessThan(MAX_LAG_MS);
    const docx = buildZip([
      { name: "[Content_Types].xml", content: "<Types/>" },
      { name: "word/document.xml", content: spaces, declaredSize: 4096 },
    ]);
    const lying = await submitWhileProbing(docx, "부풀기.docx");
    expect(lying.document).toMatchObject({ status: "failed", error_code: "docx_malformed" });
    expect(lying.slowestCallMs).toBeLessThan(MAX_CALL_MS);
  });
});
