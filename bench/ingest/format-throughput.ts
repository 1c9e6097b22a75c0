// Parsing throughput per document format: pages (or, for formats without pages, sections)
// per second, on the public Korean fixtures of the test kit and a generated PDF for
// comparison. Two measures per format:
//   parse: parseDocument on this thread, warm, one document after another (the parser alone);
//   read:  the service's worker-thread reader, parse + chunking + the transfer to and from
//          the thread, one document at a time, as a job does it.
// Each runs for --seconds after a warm-up.
//   node --import tsx bench/ingest/format-throughput.ts [--seconds 3] [--formats hwp,hwpx,docx,pptx,xlsx,euc-kr,utf-16,pdf]
import { KOREAN_DOCUMENTS, koreanDocument } from "@chatbot/testkit";
import { detectMediaType } from "../../services/ingest/src/domain/media-type";
import type { MediaType } from "../../services/ingest/src/domain/document.types";
import { parseDocument, type ParseLimits } from "../../services/ingest/src/parsing/parse-document";
import { createWorkerReader } from "../../services/ingest/src/parsing/worker-reader";
import { longKoreanPdf } from "../../services/ingest/test/support/korean-documents";
import { argument, numberArgument } from "../support/arguments";

const seconds = numberArgument("seconds", 3);
const formats = argument("formats", "hwp,hwpx,docx,pptx,xlsx,euc-kr,utf-16,pdf").split(",");

const LIMITS: ParseLimits = { maxPages: 2000, maxChars: 5_000_000, maxUnpackedBytes: 256 * 1024 * 1024, maxArchiveEntries: 10_000 };

const DOCUMENTS: Record<string, { name: string; content: () => Buffer }> = {
  hwp: { name: KOREAN_DOCUMENTS.pressReleaseHwp.file, content: () => koreanDocument(KOREAN_DOCUMENTS.pressReleaseHwp.file) },
  hwpx: { name: KOREAN_DOCUMENTS.noticeHwpx.file, content: () => koreanDocument(KOREAN_DOCUMENTS.noticeHwpx.file) },
  docx: { name: KOREAN_DOCUMENTS.anthemDocx.file, content: () => koreanDocument(KOREAN_DOCUMENTS.anthemDocx.file) },
  pptx: { name: KOREAN_DOCUMENTS.tablesPptx.file, content: () => koreanDocument(KOREAN_DOCUMENTS.tablesPptx.file) },
  xlsx: { name: KOREAN_DOCUMENTS.timesheetXlsx.file, content: () => koreanDocument(KOREAN_DOCUMENTS.timesheetXlsx.file) },
  "euc-kr": { name: KOREAN_DOCUMENTS.powerOfAttorneyEucKr.file, content: () => koreanDocument(KOREAN_DOCUMENTS.powerOfAttorneyEucKr.file) },
  "utf-16": { name: KOREAN_DOCUMENTS.pressPreviewUtf16.file, content: () => koreanDocument(KOREAN_DOCUMENTS.pressPreviewUtf16.file) },
  pdf: { name: "generated, 10 pages × 30 lines", content: () => longKoreanPdf(10, 30) },
};

async function timed(run: () => Promise<void>): Promise<{ runs: number; elapsed: number }> {
  for (let warm = 0; warm < 3; warm += 1) await run();
  const started = performance.now();
  let runs = 0;
  while (performance.now() - started < seconds * 1000) {
    await run();
    runs += 1;
  }
  return { runs, elapsed: (performance.now() - started) / 1000 };
}

async function main() {
  const reader = createWorkerReader({
    limits: { ...LIMITS, maxChunks: 20_000 },
    chunking: { size: 1000, overlap: 200 },
    timeoutMs: 60_000,
  });
  await reader.warm();
  console.log(`node ${process.version}, ${seconds} s per measure; units are pages, or sections for formats without pages`);
  console.log("| format | fixture | KB | units/doc | chars/doc | parse docs/s | parse units/s | parse MB/s | read docs/s | read units/s |");
  console.log("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
  for (const format of formats) {
    const document = DOCUMENTS[format];
    if (!document) throw new Error(`unknown format ${format}; known: ${Object.keys(DOCUMENTS).join(", ")}`);
    const content = document.content();
    const mediaType: MediaType = detectMediaType({ content, filename: "", declared: "" });
    const parsed = await parseDocument(content, mediaType, LIMITS);
    const paged = parsed.pages.some((page) => page.page > 0);
    const units = paged ? parsed.pageCount : parsed.pages.reduce((sum, page) => sum + page.sections.length, 0);
    const chars = parsed.pages.reduce((sum, page) => sum + page.sections.reduce((total, section) => total + section.text.length, 0), 0);
    const parse = await timed(async () => {
      await parseDocument(content, mediaType, LIMITS);
    });
    const read = await timed(async () => {
      await reader.read(content, mediaType);
    });
    const rate = (count: number, elapsed: number) => (count / elapsed).toFixed(count / elapsed >= 100 ? 0 : 1);
    console.log(
      `| ${format}${paged ? "" : " (sections)"} | ${document.name} | ${(content.length / 1024).toFixed(1)} | ${units} | ${chars} | ` +
        `${rate(parse.runs, parse.elapsed)} | ${rate(parse.runs * units, parse.elapsed)} | ${((parse.runs * content.length) / 1e6 / parse.elapsed).toFixed(1)} | ` +
        `${rate(read.runs, read.elapsed)} | ${rate(read.runs * units, read.elapsed)} |`,
    );
  }
  await reader.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
