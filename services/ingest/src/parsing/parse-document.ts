import { decodeUtf8 } from "../domain/media-type";
import { documentFailure } from "../domain/document-failure";
import type { MediaType } from "../domain/document.types";
import type { ParsedDocument } from "../domain/parsed-document";
import { htmlToText } from "./html-text.parser";
import { markdownSections } from "./markdown-sections";
import { parsePdf } from "./pdf-text.parser";

/** Text of a stored document by its detected media type; failures name a document error code. */
export async function parseDocument(content: Buffer, mediaType: MediaType): Promise<ParsedDocument> {
  if (mediaType === "application/pdf") return parsePdf(content);
  const decoded = decodeUtf8(content);
  if (decoded === undefined) throw documentFailure("processing_failed", "The document is not valid UTF-8 text");
  const text = decoded.replace(/\r\n?/g, "\n");
  const sections =
    mediaType === "text/plain"
      ? [{ heading: "", text: text.trim() }].filter((section) => section.text !== "")
      : markdownSections(mediaType === "text/html" ? htmlToText(text) : text);
  if (sections.length === 0) throw documentFailure("empty_document", "The document contains no text");
  return { pages: [{ page: 0, sections }], pageCount: 1 };
}
