import { documentFailure } from "../domain/document-failure";
import { checkTextLength, type DocumentLimits } from "../domain/document-limits";
import { splitMediaType, type BaseMediaType, type MediaType, type TextCharset } from "../domain/document.types";
import type { ParsedDocument } from "../domain/parsed-document";
import { textIn } from "../domain/text-encoding";
import { parseDocx } from "./docx.parser";
import { htmlToText } from "./html-text.parser";
import { parseHwp } from "./hwp.parser";
import { parseHwpx } from "./hwpx.parser";
import { markdownSections } from "./markdown-sections";
import { parsePdf } from "./pdf-text.parser";
import { parsePptx } from "./pptx.parser";
import { parseXlsx } from "./xlsx.parser";

export type ParseLimits = Pick<DocumentLimits, "maxPages" | "maxChars" | "maxUnpackedBytes" | "maxArchiveEntries">;

const UNCAPPED: ParseLimits = { maxPages: Infinity, maxChars: Infinity, maxUnpackedBytes: Infinity, maxArchiveEntries: Infinity };

/**
 * The one interface every format's parser has: the stored bytes (and, for text, the
 * charset they were detected in) to text by pages and sections, within the caps. A
 * document that can never be read fails with a document failure naming why.
 */
export type DocumentParser = (content: Buffer, limits: ParseLimits, charset: TextCharset) => Promise<ParsedDocument>;

const PARSERS: Record<BaseMediaType, DocumentParser> = {
  "application/pdf": parsePdf,
  "application/x-hwp": parseHwp,
  "application/hwp+zip": parseHwpx,
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": parseDocx,
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": parsePptx,
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": parseXlsx,
  "text/plain": textParser((text) => [{ heading: "", text: text.trim() }].filter((section) => section.text !== "")),
  "text/markdown": textParser(markdownSections),
  "text/html": textParser((text) => markdownSections(htmlToText(text))),
};

/** Text of a stored document by its detected media type. */
export async function parseDocument(content: Buffer, mediaType: MediaType, limits: ParseLimits = UNCAPPED): Promise<ParsedDocument> {
  const { type, charset } = splitMediaType(mediaType);
  const parser = PARSERS[type];
  if (!parser) throw documentFailure("processing_failed", `Documents of type ${mediaType} cannot be read`);
  return parser(content, limits, charset);
}

function textParser(sectionsOf: (text: string) => ParsedDocument["pages"][number]["sections"]): DocumentParser {
  return async (content, limits, charset) => {
    const decoded = textIn(content, charset);
    if (decoded === undefined) throw documentFailure("processing_failed", `The document is not valid ${charset.toUpperCase()} text`);
    // Checked on the raw text too, before HTML conversion or sectioning spends time on it.
    checkTextLength(decoded.text.length, limits);
    const sections = sectionsOf(decoded.text.replace(/\r\n?/g, "\n"));
    if (sections.length === 0) throw documentFailure("empty_document", "The document contains no text");
    return { pages: [{ page: 0, sections }], pageCount: 1 };
  };
}
