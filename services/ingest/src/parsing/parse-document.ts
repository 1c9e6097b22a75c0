import { decodeUtf8 } from "../domain/media-type";
import { documentFailure } from "../domain/document-failure";
import { checkTextLength, type DocumentLimits } from "../domain/document-limits";
import type { MediaType } from "../domain/document.types";
import type { ParsedDocument } from "../domain/parsed-document";
import { htmlToText } from "./html-text.parser";
import { markdownSections } from "./markdown-sections";
import { parsePdf } from "./pdf-text.parser";

export type ParseLimits = Pick<DocumentLimits, "maxPages" | "maxChars">;

const UNCAPPED: ParseLimits = { maxPages: Infinity, maxChars: Infinity };

/**
 * Text of a stored document by its detected media type; failures name a document error
 * code.
 */
export async function parseDocument(content: Buffer, mediaType: MediaType, limits: ParseLimits = UNCAPPED): Promise<ParsedDocument> {
  if (mediaType === "application/pdf") return parsePdf(content, limits);
  const decoded = decodeUtf8(content);
  if (decoded === undefined) throw documentFailure("processing_failed", "The document is not valid UTF-8 text");
  // Checked on the raw text too, before HTML conversion or sectioning spends time on it.
  checkTextLength(decoded.length, limits);
  const text = decoded.replace(/\r\n?/g, "\n");
  const sections =
    mediaType === "text/plain"
      ? [{ heading: "", text: text.trim() }].filter((section) => section.text !== "")
      : markdownSections(mediaType === "text/html" ? htmlToText(text) : text);
  if (sections.length === 0) throw documentFailure("empty_document", "The document contains no text");
  return { pages: [{ page: 0, sections }], pageCount: 1 };
}
