import { InvalidPDFException, PasswordException, PDFParse } from "pdf-parse";
import { documentFailure } from "../domain/document-failure";
import { checkPageCount, checkTextLength, type DocumentLimits } from "../domain/document-limits";
import type { ParsedDocument, ParsedPage } from "../domain/parsed-document";

/**
 * Text of each page through pdf-parse (pdf.js). A document whose pages have no text at
 * all is told apart by whether it paints images: scanned pages (no_text_layer, it needs
 * OCR first) or nothing (empty_document).
 *
 * The page count is checked as soon as page 1 is read, before any other page, and pages
 * are read one at a time so that extraction stops at the first page that takes the text
 * over its cap.
 */
export async function parsePdf(content: Buffer, limits: Pick<DocumentLimits, "maxPages" | "maxChars">): Promise<ParsedDocument> {
  // pdf.js takes ownership of (and detaches) the buffer it is given: hand it a copy.
  const parser = new PDFParse({ data: new Uint8Array(content), verbosity: 0 });
  const read = <T>(promise: Promise<T>) =>
    promise.catch((error: unknown) => {
      throw translate(error);
    });
  try {
    // Reading page 1 alone also gives the page count, before any other page is touched.
    const first = await read(parser.getText({ partial: [1], pageJoiner: "" }));
    const total = first.total;
    checkPageCount(total, limits);
    const pages: ParsedPage[] = [];
    let chars = 0;
    for (let number = 1; number <= total; number += 1) {
      const result = number === 1 ? first : await read(parser.getText({ partial: [number], pageJoiner: "" }));
      const text = normaliseLines(result.pages[0]?.text ?? "");
      chars += text.length;
      checkTextLength(chars, limits);
      pages.push({ page: number, sections: [{ heading: "", text }] });
    }
    if (pages.every((page) => page.sections[0]!.text.trim() === "")) {
      const images = await parser.getImage({ imageBuffer: false, imageDataUrl: false, imageThreshold: 0 }).catch(() => undefined);
      const painted = images?.pages.some((page) => page.images.length > 0) ?? false;
      throw painted
        ? documentFailure("no_text_layer", "The PDF has no text layer (scanned pages need OCR first)")
        : documentFailure("empty_document", "The PDF contains no text");
    }
    return { pages, pageCount: total };
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

function translate(error: unknown): Error {
  if (error instanceof PasswordException) return documentFailure("pdf_encrypted", "The PDF is encrypted", error);
  if (error instanceof InvalidPDFException) return documentFailure("pdf_malformed", "The PDF is damaged or truncated", error);
  const name = error instanceof Error ? error.name : "";
  if (name === "PasswordException") return documentFailure("pdf_encrypted", "The PDF is encrypted", error);
  return documentFailure("pdf_malformed", "The PDF could not be read", error);
}

function normaliseLines(text: string): string {
  return text.replace(/\r\n?/g, "\n").replace(/[ \t]+\n/g, "\n");
}
