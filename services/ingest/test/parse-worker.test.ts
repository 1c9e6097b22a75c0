import { AppError } from "@chatbot/core";
import { createWorkerParser } from "../src/parsing/worker-parser";
import { inflatingPdf, manyPagesPdf } from "./support/bomb-pdfs";
import { settled, withLagProbe } from "./support/event-loop-lag";
import { koreanPdf } from "./support/korean-documents";

/** The service's thread may stall this long at most while a bomb is parsed beside it (a loaded CI machine included). */
const MAX_LAG_MS = 300;
const TIMEOUT_MS = 3000;

const parser = createWorkerParser({ limits: { maxPages: 2000, maxChars: 20_000 }, timeoutMs: TIMEOUT_MS });
const parse = parser.parse;

afterAll(() => parser.close());

function failureCode(outcome: unknown): string {
  expect(outcome).toBeInstanceOf(AppError);
  return (outcome as AppError).code;
}

describe("parsing in a worker thread", () => {
  it("parses PDF and text documents the same way as on the calling thread", async () => {
    const pdf = await parse(koreanPdf(3), "application/pdf");
    expect(pdf.pageCount).toBe(3);
    expect(pdf.pages.map((page) => page.page)).toEqual([1, 2, 3]);
    const markdown = await parse(Buffer.from("# 제목\n본문입니다."), "text/markdown");
    expect(markdown.pages[0]!.sections).toEqual([{ heading: "제목", text: "제목\n\n본문입니다." }]);
    expect(failureCode(await settled(parse(Buffer.from(" \n"), "text/plain")))).toBe("empty_document");
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

  it("terminates a parse past its deadline: a 100 KB PDF whose stream inflates to 30 MB fails with parse_timeout", async () => {
    const bomb = inflatingPdf(30);
    expect(bomb.length).toBeLessThan(200_000);
    const { result, maxLagMs, elapsedMs } = await withLagProbe(() => settled(parse(bomb, "application/pdf")));
    expect(failureCode(result)).toBe("parse_timeout");
    expect(elapsedMs).toBeLessThan(TIMEOUT_MS + 1000);
    expect(maxLagMs).toBeLessThan(MAX_LAG_MS);
  });

  it("stops at once when its job is handed back", async () => {
    const controller = new AbortController();
    const parsing = settled(parse(inflatingPdf(30), "application/pdf", controller.signal));
    setTimeout(() => controller.abort(new Error("handed back")), 200);
    const started = performance.now();
    expect(await parsing).toEqual(new Error("handed back"));
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
