import { AppError } from "@chatbot/core";
import { detectMediaType } from "../src/domain/media-type";
import { buildKoreanPdf, KOREAN_DOCUMENTS, koreanDocument } from "@chatbot/testkit";
import { buildZip } from "./support/zip-builder";

const detect = (content: Buffer | string, filename = "", declared = "") =>
  detectMediaType({ content: typeof content === "string" ? Buffer.from(content) : content, filename, declared });

function failure(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected a failure");
}

describe("media type detection from the bytes", () => {
  it("recognises a PDF by its header whatever its name", () => {
    expect(detect(buildKoreanPdf({ pages: [["안녕하세요"]] }), "보고서.txt")).toBe("application/pdf");
  });

  it("recognises HTML by its markup", () => {
    expect(detect("<!DOCTYPE html><html><body><p>안녕하세요</p></body></html>", "문서.txt")).toBe("text/html");
    expect(detect('<!-- 주석 -->\n<html lang="ko"><p>본문</p></html>')).toBe("text/html");
  });

  it("calls UTF-8 text Markdown when it has headings or a Markdown name, else plain text", () => {
    expect(detect("# 제목\n\n본문입니다. 🚀")).toBe("text/markdown");
    expect(detect("본문입니다.", "메모.md")).toBe("text/markdown");
    expect(detect("그냥 한국어 텍스트입니다.\n두 번째 줄이에요.", "메모.txt")).toBe("text/plain");
    expect(detect("#해시태그는 제목이 아니다")).toBe("text/plain");
  });

  it("follows a declared text type for text bytes", () => {
    expect(detect("# 제목처럼 보이지만", "", "text/plain")).toBe("text/plain");
    expect(detect("마크다운이라고 알려준 문서", "", "text/markdown")).toBe("text/markdown");
    expect(failure(() => detect("본문", "", "application/pdf")).details).toEqual([{ field: "declared_media_type", message: "must be text/plain or text/markdown" }]);
  });

  it("refuses binary, invalid UTF-8 and NUL bytes as unsupported media, even when named .pdf", () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    for (const content of [png, Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from("한국어\u0000텍스트")]) {
      const error = failure(() => detect(content, "가짜.pdf"));
      expect(error.kind).toBe("unsupported_media_type");
    }
  });

  it("tells HWP, HWPX, DOCX, PPTX and XLSX from their insides, whatever their names", () => {
    expect(detect(koreanDocument(KOREAN_DOCUMENTS.tableHwp.file), "표.txt")).toBe("application/x-hwp");
    expect(detect(koreanDocument(KOREAN_DOCUMENTS.tableHwpx.file), "표.hwp")).toBe("application/hwp+zip");
    expect(detect(koreanDocument(KOREAN_DOCUMENTS.tableDocx.file), "표.pdf")).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(detect(koreanDocument(KOREAN_DOCUMENTS.tablesPptx.file), "발표.docx")).toBe("application/vnd.openxmlformats-officedocument.presentationml.presentation");
    expect(detect(koreanDocument(KOREAN_DOCUMENTS.timesheetXlsx.file), "근무표.txt")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  });

  it("names the formats accepted when it refuses a file, and what the file was when it can tell", () => {
    const ole = (stream: string) => Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504), Buffer.from(stream, "utf16le")]);
    const word = failure(() => detect(ole("WordDocument"), "보고서.doc"));
    expect(word).toMatchObject({ kind: "unsupported_media_type", code: "unsupported_media_type" });
    expect(word.message).toBe(
      "Word 97-2003 documents (.doc) are not supported; save the document as DOCX. " +
        "Supported documents: PDF, HWP (5.0), HWPX, DOCX, PPTX, XLSX, HTML, Markdown and plain text (UTF-8, EUC-KR/CP949, UTF-16)",
    );
    expect(word.details).toEqual({ accepted: expect.arrayContaining(["HWP 5.0", "HWPX", "DOCX"]) });
    expect(failure(() => detect(ole("EncryptedPackage"), "암호.docx"))).toMatchObject({ kind: "unsupported_media_type", code: "office_encrypted" });
    expect(failure(() => detect(Buffer.from("HWP Document File V3.00 \x1a\x01\x02"), "옛문서.hwp")).message).toMatch(/HWP 3\.x/);
    const odt = buildZip([
      { name: "mimetype", content: "application/vnd.oasis.opendocument.text", store: true },
      { name: "content.xml", content: "<c/>" },
    ]);
    expect(failure(() => detect(odt, "문서.odt")).message).toMatch(/^OpenDocument files are not supported/);
    const truncated = koreanDocument(KOREAN_DOCUMENTS.anthemDocx.file).subarray(0, 2000);
    expect(failure(() => detect(truncated, "애국가.docx")).message).toMatch(/ZIP archive that could not be read/);
  });

  it("refuses empty content as a validation error on content", () => {
    const error = failure(() => detect(Buffer.alloc(0), "빈파일.txt"));
    expect(error.kind).toBe("invalid_argument");
    expect(error.details).toEqual([{ field: "content", message: "is empty" }]);
  });
});
