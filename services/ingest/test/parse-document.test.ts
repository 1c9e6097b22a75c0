import { AppError } from "@chatbot/core";
import { parseDocument } from "../src/parsing/parse-document";
import { buildKoreanPdf } from "@chatbot/testkit";
import { koreanPdf, PAGE_TOPICS } from "./support/korean-documents";

async function failureCode(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return (error as AppError).code;
}

describe("document parsing", () => {
  it("extracts Korean text from each page of a PDF with its page number", async () => {
    const parsed = await parseDocument(koreanPdf(3), "application/pdf");
    expect(parsed.pageCount).toBe(3);
    expect(parsed.pages.map((page) => page.page)).toEqual([1, 2, 3]);
    for (const [index, page] of parsed.pages.entries()) {
      const text = page.sections[0]!.text;
      for (const line of PAGE_TOPICS[index]!) expect(text).toContain(line);
    }
  });

  it("fails broken PDFs with a code naming the problem", async () => {
    const good = koreanPdf(2);
    expect(await failureCode(parseDocument(good.subarray(0, Math.floor(good.length * 0.4)), "application/pdf"))).toBe("pdf_malformed");
    expect(await failureCode(parseDocument(Buffer.from("%PDF-1.7\n손상된 내용 \u0001\u0002"), "application/pdf"))).toBe("pdf_malformed");
    expect(await failureCode(parseDocument(buildKoreanPdf({ pages: [["비밀 문서입니다."]], encrypted: true }), "application/pdf"))).toBe("pdf_encrypted");
    expect(await failureCode(parseDocument(buildKoreanPdf({ pages: [[], []] }), "application/pdf"))).toBe("empty_document");
    expect(await failureCode(parseDocument(buildKoreanPdf({ pages: [["스캔"]], imageOnly: true }), "application/pdf"))).toBe("no_text_layer");
  });

  it("keeps Markdown headings as sections, outside code fences", async () => {
    const markdown = "머리말입니다.\r\n\r\n# 개요\r\n서울 소개예요.\n\n```\n# 코드 속 주석\n```\n\n## 교통 🚇\n지하철이 편리합니다.";
    const parsed = await parseDocument(Buffer.from(markdown), "text/markdown");
    expect(parsed.pages).toHaveLength(1);
    expect(parsed.pages[0]!.page).toBe(0);
    expect(parsed.pages[0]!.sections.map((section) => section.heading)).toEqual(["", "개요", "교통 🚇"]);
    expect(parsed.pages[0]!.sections[1]!.text).toContain("# 코드 속 주석");
    expect(parsed.pages[0]!.sections[2]!.text).toBe("교통 🚇\n\n지하철이 편리합니다.");
  });

  it("turns HTML into visible text without scripts or styles, headings as sections", async () => {
    const html = `<!doctype html><html><head><title>무시</title><style>p{color:red}</style></head>
      <body><script>alert("스크립트")</script><h1>부산 여행</h1><p>해운대가 <a href="https://example.com">유명해요</a>.</p>
      <h2>음식</h2><p>돼지국밥을 먹어 보세요!</p></body></html>`;
    const parsed = await parseDocument(Buffer.from(html), "text/html");
    const sections = parsed.pages[0]!.sections;
    expect(sections.map((section) => section.heading)).toEqual(["부산 여행", "음식"]);
    const all = sections.map((section) => section.text).join("\n");
    expect(all).toContain("해운대가 유명해요.");
    expect(all).toContain("돼지국밥을 먹어 보세요!");
    expect(all).not.toMatch(/스크립트|color|무시|example\.com/);
  });

  it("keeps plain text as it is with normalised line endings, and fails blank text as empty", async () => {
    const parsed = await parseDocument(Buffer.from("첫 줄입니다.\r\n둘째 줄이에요.\r셋째 줄 😀"), "text/plain");
    expect(parsed.pages[0]!.sections).toEqual([{ heading: "", text: "첫 줄입니다.\n둘째 줄이에요.\n셋째 줄 😀" }]);
    expect(await failureCode(parseDocument(Buffer.from(" \n\t\n"), "text/plain"))).toBe("empty_document");
  });
});
