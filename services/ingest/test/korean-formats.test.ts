import iconv from "iconv-lite";
import { AppError } from "@chatbot/core";
import { KOREAN_DOCUMENTS, koreanDocument } from "@chatbot/testkit";
import type { MediaType } from "../src/domain/document.types";
import type { ParsedDocument } from "../src/domain/parsed-document";
import { LayoutPages } from "../src/domain/layout-pages";
import { detectMediaType } from "../src/domain/media-type";
import { parseDocument, type ParseLimits } from "../src/parsing/parse-document";
import { createWorkerReader } from "../src/parsing/worker-reader";
import { buildZip, hwpxEntries } from "./support/zip-builder";

const HWP = "application/x-hwp";
const HWPX = "application/hwp+zip";
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const LIMITS: ParseLimits = { maxPages: 2000, maxChars: 1_000_000, maxUnpackedBytes: 8 * 1024 * 1024, maxArchiveEntries: 100 };

const detect = (content: Buffer, filename = "") => detectMediaType({ content, filename, declared: "" });
const parse = (content: Buffer, filename = "", limits = LIMITS) => parseDocument(content, detect(content, filename), limits);
const fixture = (file: string) => koreanDocument(file);

/** Each page's text, all its sections together. */
function pageTexts(parsed: ParsedDocument): Map<number, string> {
  return new Map(parsed.pages.map((page) => [page.page, page.sections.map((section) => section.text).join("\n\n")]));
}

function allText(parsed: ParsedDocument): string {
  return [...pageTexts(parsed).values()].join("\n\n");
}

async function failure(promise: Promise<unknown> | (() => unknown)): Promise<AppError> {
  const outcome = await (typeof promise === "function" ? Promise.resolve().then(promise) : promise).then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(AppError);
  return outcome as AppError;
}

describe("HWP 5.0 documents", () => {
  it("reads a compressed press release page by page, its tables as rows", async () => {
    const { file, sentence, pageTwoSentence, tableRow } = KOREAN_DOCUMENTS.pressReleaseHwp;
    const content = fixture(file);
    expect(detect(content, "보도자료.pdf")).toBe(HWP);
    const parsed = await parse(content);
    expect(parsed.pageCount).toBe(3);
    const pages = pageTexts(parsed);
    expect([...pages.keys()]).toEqual([1, 2, 3]);
    expect(pages.get(1)).toContain(sentence);
    expect(pages.get(1)).toContain("배포일시 | 2018. 9. 3.(월) 09:00 | 담당부서 | 거대공공연구정책과");
    expect(pages.get(2)).toContain(pageTwoSentence);
    expect(pages.get(3)!.split("\n\n")).toContain(tableRow);
  });

  it("reads uncompressed sections, one table row per line", async () => {
    const parsed = await parse(fixture(KOREAN_DOCUMENTS.tableHwp.file));
    expect(allText(parsed)).toContain(KOREAN_DOCUMENTS.tableHwp.rows.join("\n\n"));
  });

  it("fails password-protected, DRM, distribution and damaged files each with its own code", async () => {
    const content = fixture(KOREAN_DOCUMENTS.tableHwp.file);
    // The FileHeader stream is stored as is: its property bits follow the 32-byte signature and the version.
    const withFlags = (flags: number) => {
      const copy = Buffer.from(content);
      copy.writeUInt32LE(flags, copy.indexOf("HWP Document File", 0, "latin1") + 36);
      return copy;
    };
    expect((await failure(parse(withFlags(0b10)))).code).toBe("hwp_encrypted");
    expect((await failure(parse(withFlags(0b1_0000)))).code).toBe("hwp_encrypted");
    const distribution = await failure(parse(withFlags(0b100)));
    expect(distribution).toMatchObject({ code: "hwp_distribution", message: expect.stringContaining("배포용 문서") });
    expect((await failure(parse(content.subarray(0, 3000)))).code).toBe("hwp_malformed");
    // Marked compressed while its sections are not: they do not inflate.
    expect((await failure(parse(withFlags(0b1)))).code).toBe("hwp_malformed");
  });

  it("stops a compressed section at the unpack cap", async () => {
    const content = fixture(KOREAN_DOCUMENTS.pressReleaseHwp.file);
    const error = await failure(parse(content, "", { ...LIMITS, maxUnpackedBytes: 4096 }));
    expect(error.code).toBe("unpacked_too_large");
  });
});

describe("HWPX documents", () => {
  it("reads a public notice's runs as whole sentences, on the pages it was laid out on", async () => {
    const { file, sentence, pageTwoSentence } = KOREAN_DOCUMENTS.noticeHwpx;
    const content = fixture(file);
    expect(detect(content, "공고.docx")).toBe(HWPX);
    const parsed = await parse(content);
    const pages = pageTexts(parsed);
    expect([...pages.keys()]).toEqual([1, 2]);
    expect(pages.get(1)).toContain(sentence);
    // Split over three runs in the XML (구하 / 고 / 자).
    expect(pages.get(1)).toContain("의견을 구하고자「서울특별시 강남구 법제 사무처리 규칙」에 따라 다음과 같이 입법예고합니다.");
    expect(pages.get(2)).toContain(pageTwoSentence);
  });

  it("keeps each table row's cells together", async () => {
    const parsed = await parse(fixture(KOREAN_DOCUMENTS.tableHwpx.file));
    expect(allText(parsed)).toContain(KOREAN_DOCUMENTS.tableHwpx.rows.join("\n\n"));
  });

  it("fails an encrypted package, broken XML and zip bombs with their codes", async () => {
    const section = '<hs:sec xmlns:hs="s" xmlns:hp="p"><hp:p><hp:run><hp:t>ok</hp:t></hp:run></hp:p></hs:sec>';
    const manifest = { name: "META-INF/manifest.xml", content: '<odf:manifest xmlns:odf="m"><odf:file-entry><odf:encryption-data/></odf:file-entry></odf:manifest>' };
    expect((await failure(parse(buildZip([...hwpxEntries(section), manifest])))).code).toBe("hwpx_encrypted");
    expect((await failure(parse(buildZip(hwpxEntries("<hs:sec><hp:p><hp:t>끝나지 않은"))))).code).toBe("hwpx_malformed");
    const entries = hwpxEntries(section);
    expect((await failure(parse(buildZip([entries[0]!, { ...entries[2]!, encrypted: true }])))).code).toBe("hwpx_encrypted");

    // 64 MB of spaces deflates to about 64 KB: declared honestly it is over the cap before anything is inflated;
    // declared as 100 bytes it is caught as soon as the inflate passes what it declared.
    const bomb = `<hs:sec xmlns:hs="s" xmlns:hp="p">${" ".repeat(64 * 1024 * 1024)}</hs:sec>`;
    const honest = buildZip([...hwpxEntries(section).slice(0, 2), { name: "Contents/section0.xml", content: bomb }]);
    expect(honest.length).toBeLessThan(200_000);
    expect((await failure(parse(honest))).code).toBe("unpacked_too_large");
    const lying = buildZip([...hwpxEntries(section).slice(0, 2), { name: "Contents/section0.xml", content: bomb, declaredSize: 100 }]);
    expect((await failure(parse(lying))).code).toBe("hwpx_malformed");
    const crowded = buildZip([...hwpxEntries(section), ...Array.from({ length: 200 }, (_, index) => ({ name: `BinData/${index}.bin`, content: "x" }))]);
    expect((await failure(parse(crowded))).code).toBe("too_many_entries");
  });
});

describe("DOCX documents", () => {
  it("puts the footnotes a paragraph cites right after it", async () => {
    const { file, paragraph, footnote } = KOREAN_DOCUMENTS.footnoteDocx;
    const paragraphs = allText(await parse(fixture(file))).split("\n\n");
    expect(paragraphs.slice(0, 2)).toEqual([paragraph, footnote]);
  });

  it("reads paragraphs, with tables as rows", async () => {
    const anthem = fixture(KOREAN_DOCUMENTS.anthemDocx.file);
    expect(detect(anthem, "애국가.hwp")).toBe(DOCX);
    const parsed = await parse(anthem);
    expect(parsed.pages.map((page) => page.page)).toEqual([0]);
    expect(allText(parsed)).toBe("동해물과 백두산이 마르고 닳도록\n\n하느님이 보우하사 우리 나라 만세\n\n무궁화 삼천리 화려강산\n\n대한사람 대한으로 길이 보전하세");
    const tables = await parse(fixture(KOREAN_DOCUMENTS.tableDocx.file));
    expect(allText(tables)).toBe(`Above\n\n${KOREAN_DOCUMENTS.tableDocx.rows.join("\n\n")}\n\nBelow`);
  });

  it("fails a damaged DOCX and a zip bomb with their codes", async () => {
    const damaged = buildZip([
      { name: "[Content_Types].xml", content: "<Types/>" },
      { name: "word/document.xml", content: "<w:document><w:body><w:p>" },
    ]);
    expect(detect(damaged)).toBe(DOCX);
    expect((await failure(parse(damaged))).code).toBe("docx_malformed");
    const bomb = buildZip([
      { name: "[Content_Types].xml", content: "<Types/>" },
      { name: "word/document.xml", content: " ".repeat(32 * 1024 * 1024), declaredSize: 1000 },
    ]);
    expect((await failure(parse(bomb))).code).toBe("docx_malformed");
  });
});

describe("PPTX and XLSX documents", () => {
  it("reads each slide as a page in the presentation's order, its title as the heading, tables as rows", async () => {
    const { file, slides } = KOREAN_DOCUMENTS.tablesPptx;
    const content = fixture(file);
    expect(detect(content, "발표.pdf")).toBe("application/vnd.openxmlformats-officedocument.presentationml.presentation");
    const pages = pageTexts(await parse(content));
    expect([...pages.keys()]).toEqual([1, 2, 3]);
    slides.forEach((text, index) => expect(pages.get(index + 1)).toContain(text));
    const titled = await parse(fixture(KOREAN_DOCUMENTS.titlePptx.file));
    expect(titled.pages[0]!.sections).toEqual([
      { heading: KOREAN_DOCUMENTS.titlePptx.title, text: `${KOREAN_DOCUMENTS.titlePptx.title}\n\n${KOREAN_DOCUMENTS.titlePptx.subtitle}` },
    ]);
  });

  it("reads each worksheet as a section named after it, one row per line", async () => {
    const { file, sheet, rows } = KOREAN_DOCUMENTS.timesheetXlsx;
    const content = fixture(file);
    expect(detect(content, "근무표.hwp")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const parsed = await parse(content);
    expect(parsed.pages.map((page) => page.page)).toEqual([0]);
    expect(parsed.pages[0]!.sections.map((section) => section.heading)).toEqual([sheet]);
    expect(parsed.pages[0]!.sections[0]!.text).toContain(rows.join("\n\n"));
  });

  it("fails damaged ones with their codes", async () => {
    const pptx = buildZip([
      { name: "[Content_Types].xml", content: "<Types/>" },
      { name: "ppt/presentation.xml", content: "<p:presentation><p:sldIdLst>" },
    ]);
    expect((await failure(parse(pptx))).code).toBe("pptx_malformed");
    const xlsx = buildZip([
      { name: "[Content_Types].xml", content: "<Types/>" },
      { name: "xl/workbook.xml", content: "<workbook><sheets><sheet" },
    ]);
    expect((await failure(parse(xlsx))).code).toBe("xlsx_malformed");
  });
});

describe("text in legacy encodings", () => {
  it("detects and decodes EUC-KR/CP949 text", async () => {
    const { file, sentence } = KOREAN_DOCUMENTS.powerOfAttorneyEucKr;
    const content = fixture(file);
    expect(detect(content, "위임장.txt")).toBe("text/plain; charset=euc-kr");
    expect(allText(await parse(content))).toContain(sentence);
    // CP949's extension beyond EUC-KR (똠, 햏 are not among KS X 1001's 2,350 syllables).
    const cp949 = iconv.encode("똠방각하와 햏자는 통신 시절의 말이다. 이 글은 시험을 위한 글이다.", "cp949");
    expect(detect(cp949)).toBe("text/plain; charset=euc-kr");
    expect(allText(await parse(cp949))).toContain("똠방각하와 햏자는");
  });

  it("detects UTF-16 in either byte order, with or without a byte order mark", async () => {
    const { file, sentence } = KOREAN_DOCUMENTS.pressPreviewUtf16;
    const littleEndian = fixture(file);
    const bigEndian = Buffer.from(littleEndian).swap16();
    const cases: [Buffer, MediaType][] = [
      [littleEndian, "text/plain; charset=utf-16le"],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), littleEndian]), "text/plain; charset=utf-16le"],
      [bigEndian, "text/plain; charset=utf-16be"],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), bigEndian]), "text/plain; charset=utf-16be"],
    ];
    for (const [content, type] of cases) {
      expect(detect(content)).toBe(type);
      expect(allText(await parse(content))).toContain(sentence);
    }
  });

  it("tells the encoding of long text from its start and checks all of it", async () => {
    const { file, sentence } = KOREAN_DOCUMENTS.powerOfAttorneyEucKr;
    const korean = fixture(file);
    // 100 KB of ASCII first: the encoding is told from the first non-ASCII bytes on.
    const asciiFirst = Buffer.concat([Buffer.from("ascii line of a log file\n".repeat(4000)), korean]);
    expect(detect(asciiFirst)).toBe("text/plain; charset=euc-kr");
    expect(allText(await parse(asciiFirst))).toContain(sentence);
    // Two megabytes decided on the first 64 KB, then refused whole when a byte far in is not EUC-KR.
    const long = Buffer.concat(Array.from({ length: 3200 }, () => korean));
    expect(detect(long)).toBe("text/plain; charset=euc-kr");
    const broken = Buffer.concat([long, Buffer.from([0xff, 0xff]), korean]);
    expect((await failure(() => detect(broken))).code).toBe("unknown_text_encoding");
  });

  it("refuses text whose encoding cannot be told rather than guessing", async () => {
    const samples = [
      iconv.encode("北京是中华人民共和国的首都，也是全国的政治和文化中心。", "gb2312"),
      iconv.encode("東京は日本の首都であり、政治と経済の中心です。", "shift_jis"),
      iconv.encode("Le café crème coûte deux euros à la gare.", "latin1"),
    ];
    for (const content of samples) {
      const error = await failure(() => detect(content, "문서.txt"));
      expect(error).toMatchObject({ kind: "unsupported_media_type", code: "unknown_text_encoding" });
      expect(error.message).toMatch(/UTF-8, EUC-KR\/CP949 and UTF-16/);
    }
  });
});

describe("page numbers from the saved line layout", () => {
  it("starts a page where lines go back up, not at the next column, and once for several breaks", () => {
    const pages = new LayoutPages();
    pages.line(0, 0);
    pages.line(5000, 0);
    // The second column of the same page.
    pages.line(0, 30000);
    pages.line(5000, 30000);
    expect(pages.page).toBe(1);
    // Back to the first column, higher up: the next page.
    pages.line(100, 0);
    expect(pages.page).toBe(2);
    // A section that starts with a page break: one new page.
    pages.breakPage();
    pages.breakPage();
    pages.line(0, 0);
    expect(pages.page).toBe(3);
    pages.paragraph();
    expect(pages.page).toBe(3);
  });
});

describe("every format in a reader thread", () => {
  const reader = createWorkerReader({
    limits: { maxPages: 2000, maxChars: 200_000, maxChunks: 500, maxUnpackedBytes: 8 * 1024 * 1024, maxArchiveEntries: 100 },
    chunking: { size: 400, overlap: 40 },
    timeoutMs: 20_000,
  });
  afterAll(() => reader.close());

  it("chunks HWP, HWPX, DOCX and EUC-KR text with their pages, and fails a bomb with its cap's code", async () => {
    const read = async (file: string) => {
      const content = fixture(file);
      return reader.read(content, detect(content));
    };
    const hwp = await read(KOREAN_DOCUMENTS.pressReleaseHwp.file);
    expect(hwp.pageCount).toBe(3);
    expect(hwp.chunks.find((chunk) => chunk.text.includes(KOREAN_DOCUMENTS.pressReleaseHwp.pageTwoSentence))?.page).toBe(2);
    const hwpx = await read(KOREAN_DOCUMENTS.noticeHwpx.file);
    expect(hwpx.chunks.find((chunk) => chunk.text.includes(KOREAN_DOCUMENTS.noticeHwpx.pageTwoSentence))?.page).toBe(2);
    // A table's rows stay apart in the passages search returns.
    const table = await read(KOREAN_DOCUMENTS.tableHwpx.file);
    expect(table.chunks[0]!.text).toContain(KOREAN_DOCUMENTS.tableHwpx.rows.join("\n\n"));
    const docx = await read(KOREAN_DOCUMENTS.anthemDocx.file);
    expect(docx.chunks[0]).toMatchObject({ page: 0, text: expect.stringContaining(KOREAN_DOCUMENTS.anthemDocx.sentence) });
    const text = await read(KOREAN_DOCUMENTS.powerOfAttorneyEucKr.file);
    expect(text.chunks.map((chunk) => chunk.text).join(" ")).toContain("분쟁이 발생할 경우");

    const bomb = buildZip([...hwpxEntries("<hs:sec/>").slice(0, 2), { name: "Contents/section0.xml", content: `<hs:sec>${" ".repeat(16 * 1024 * 1024)}</hs:sec>` }]);
    const error = await reader.read(bomb, detect(bomb)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "unpacked_too_large" });
  });
});

describe("the reader thread's deadline", () => {
  const reader = createWorkerReader({
    limits: { maxPages: 2000, maxChars: 200_000, maxChunks: 500, maxUnpackedBytes: 64 * 1024 * 1024, maxArchiveEntries: 100 },
    chunking: { size: 400, overlap: 40 },
    timeoutMs: 300,
  });
  afterAll(() => reader.close());

  it("stops an HWPX whose XML takes longer to read than PARSE_TIMEOUT_SECONDS, as it stops a PDF", async () => {
    await reader.warm();
    // 2,000,000 empty paragraphs (44 MB of XML, 100 KB zipped): under every size cap, and seconds of XML to read.
    const section = `<hs:sec xmlns:hs="s" xmlns:hp="p">${"<hp:p><hp:run/></hp:p>".repeat(2_000_000)}</hs:sec>`;
    const slow = buildZip([...hwpxEntries("<hs:sec/>").slice(0, 2), { name: "Contents/section0.xml", content: section }]);
    const started = performance.now();
    const error = await reader.read(slow, detect(slow)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "parse_timeout" });
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
