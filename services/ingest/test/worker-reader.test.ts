import { AppError } from "@chatbot/core";
import { createWorkerReader } from "../src/parsing/worker-reader";
import { inflatingPdf, manyPagesPdf } from "./support/bomb-pdfs";
import { settled, withLagProbe } from "./support/event-loop-lag";
import { koreanPdf } from "./support/korean-documents";
import { scaledTimeout } from "@chatbot/testkit";

/**
 * The service's thread may stall this long at most while a bomb is parsed beside it. A
 * sanity bound, loose for a loaded machine whose two cores every test shares: what tells
 * a thread from the old in-process parse is the deadline, which took 12.5 min and 26 s.
 */
const MAX_LAG_MS = scaledTimeout(1000);
/**
 * Room for the 20,000-page PDF's page tree (about 1 s here) on a loaded machine, and short
 * of the 28–35 s the inflating one takes on a quiet one even at its most stretched (18 s):
 * the pace is read once, and a machine judged busy may run this file fast.
 */
const TIMEOUT_MS = scaledTimeout(3000);

const reader = createWorkerReader({
  limits: { maxPages: 2000, maxChars: 20_000, maxChunks: 50, maxUnpackedBytes: 64 * 1024 * 1024, maxArchiveEntries: 1000 },
  chunking: { size: 200, overlap: 20 },
  timeoutMs: TIMEOUT_MS,
});
const parse = reader.read;

afterAll(() => reader.close());

function failureCode(outcome: unknown): string {
  expect(outcome).toBeInstanceOf(AppError);
  return (outcome as AppError).code;
}

describe("reading documents in a worker thread", () => {
  it("parses and chunks PDF and text documents the same way as on the calling thread", async () => {
    const pdf = await parse(koreanPdf(3), "application/pdf");
    expect(pdf.pageCount).toBe(3);
    expect([...new Set(pdf.chunks.map((chunk) => chunk.page))]).toEqual([1, 2, 3]);
    const markdown = await parse(Buffer.from("# 제목\n본문입니다."), "text/markdown");
    expect(markdown.chunks).toEqual([{ text: "제목\n\n본문입니다.", page: 0, section: "제목", chunkIndex: 0 }]);
    expect(failureCode(await settled(parse(Buffer.from(" \n"), "text/plain")))).toBe("empty_document");
    // About 12,000 characters: under the character cap, over 50 chunks of 200.
    const paragraphs = Array.from({ length: 400 }, (_, index) => `${index + 1}번째 문단입니다. 서울은 한국의 수도예요.`).join("\n\n");
    expect(failureCode(await settled(parse(Buffer.from(paragraphs), "text/plain")))).toBe("too_many_chunks");
  });

  it("refuses a 3 MB PDF of 20,000 pages by its page count, without stalling this thread", async () => {
    const bomb = manyPagesPdf(20_000);
    const { result, maxLagMs } = await withLagProbe(() => settled(parse(bomb, "application/pdf")));
    expect(failureCode(result)).toBe("too_many_pages");
    expect(maxLagMs).toBeLessThan(MAX_LAG_MS);
  });

  it("stops extracting once the text passes its cap", async () => {
    // 400 pages of about 110 characters: the cap of 20,000 is passed near page 180.
    const outcome = await settled(parse(manyPagesPdf(400), "application/pdf"));
    expect(failureCode(outcome)).toBe("text_too_large");
    expect(failureCode(await settled(parse(Buffer.from("가".repeat(20_001)), "text/plain")))).toBe("text_too_large");
  });

  it("terminates a parse past its deadline: a 100 KB PDF whose four pages each inflate to 30 MB fails with parse_timeout", async () => {
    const bomb = inflatingPdf(30, 4);
    expect(bomb.length).toBeLessThan(200_000);
    const { result, maxLagMs, elapsedMs } = await withLagProbe(() => settled(parse(bomb, "application/pdf")));
    expect(failureCode(result)).toBe("parse_timeout");
    expect(elapsedMs).toBeLessThan(TIMEOUT_MS + scaledTimeout(1000));
    expect(maxLagMs).toBeLessThan(MAX_LAG_MS);
  });

  it("stops at once when its job is handed back", async () => {
    const controller = new AbortController();
    const parsing = settled(parse(inflatingPdf(30), "application/pdf", controller.signal));
    let abortedAt = 0;
    setTimeout(() => {
      abortedAt = performance.now();
      controller.abort(new Error("handed back"));
    }, 200);
    expect(await parsing).toEqual(new Error("handed back"));
    // Well before the deadline, which a parse that ignored its signal would run into.
    expect(performance.now() - abortedAt).toBeLessThan(scaledTimeout(1000));
  });
});

describe("a reader with a thread per document read at once", () => {
  const THREADS = 3;
  const pool = createWorkerReader({
    limits: { maxPages: 2000, maxChars: 20_000, maxChunks: 50, maxUnpackedBytes: 64 * 1024 * 1024, maxArchiveEntries: 1000 },
    chunking: { size: 200, overlap: 20 },
    timeoutMs: TIMEOUT_MS,
    threads: THREADS,
  });
  afterAll(() => pool.close());
  const readAtOnce = async (count: number) => {
    const started = performance.now();
    const reads = await Promise.all(Array.from({ length: count }, (_, index) => pool.read(Buffer.from(`${index + 1}번째 문서입니다.`), "text/plain")));
    expect(reads.map((read) => read.chunks.length)).toEqual(reads.map(() => 1));
    return performance.now() - started;
  };

  it(
    "loads them all before it is ready, so a burst of documents waits for none of them to start",
    async () => {
      const started = performance.now();
      await pool.warm();
      // Loading threads takes seconds; reading a line on a loaded one, milliseconds.
      const loadMs = performance.now() - started;
      expect(await readAtOnce(THREADS)).toBeLessThan(loadMs / 3);
      expect(await readAtOnce(THREADS)).toBeLessThan(loadMs / 3);
    },
    scaledTimeout(60_000),
  );
});
