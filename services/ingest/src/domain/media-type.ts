import { AppError, errors } from "@chatbot/core";
import type { MediaType } from "./document.types";

export interface DetectionInput {
  content: Buffer;
  filename: string;
  /** "text/plain" or "text/markdown" from callers that know the bytes are text; "" to detect. */
  declared: string;
}

const DECLARABLE = new Set(["text/plain", "text/markdown"]);
const MARKDOWN_EXTENSIONS = /\.(md|markdown|mdown|mkd)$/i;
const MARKDOWN_HEADING = /^#{1,6}[ \t]+\S/m;
// A document that opens with one of these (after a doctype or comments) is HTML, whatever its name.
const HTML_START = /^(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]/i;
const HTML_TAGS = /<(?:html|head|body)[\s>][\s\S]*<\/(?:html|head|body)>/i;
// Control characters other than tab, line feed, form feed and carriage return: text never has them.
const CONTROL = /[\x00-\x08\x0b\x0e-\x1f\x7f]/;
const SNIFF_BYTES = 4096;

/**
 * Decides the media type from the bytes, never from the file name: a file named .pdf
 * that is not a PDF is refused here rather than failing later in the worker.
 */
export function detectMediaType(input: DetectionInput): MediaType {
  const { content, filename, declared } = input;
  if (declared !== "" && !DECLARABLE.has(declared)) {
    throw errors.validation([{ field: "declared_media_type", message: "must be text/plain or text/markdown" }]);
  }
  if (content.length === 0) throw errors.validation([{ field: "content", message: "is empty" }]);
  if (startsWithPdfHeader(content)) return "application/pdf";

  const text = decodeUtf8(content);
  if (text === undefined || CONTROL.test(text)) {
    throw new AppError(
      "unsupported_media_type",
      "unsupported_media_type",
      "Only PDF, HTML, Markdown and UTF-8 text documents are supported",
    );
  }
  if (declared === "text/plain" || declared === "text/markdown") return declared;
  const head = text.slice(0, SNIFF_BYTES).trimStart();
  if (HTML_START.test(head) || HTML_TAGS.test(text.slice(0, SNIFF_BYTES * 4))) return "text/html";
  if (MARKDOWN_EXTENSIONS.test(filename) || MARKDOWN_HEADING.test(text)) return "text/markdown";
  return "text/plain";
}

function startsWithPdfHeader(content: Buffer): boolean {
  // Some producers put a few bytes (a BOM, whitespace) before the header; readers accept that.
  const head = content.subarray(0, 1024).toString("latin1");
  return /^(?:\ufeff|\xef\xbb\xbf)?\s*%PDF-/.test(head);
}

/** The text, or undefined when the bytes are not valid UTF-8. A leading BOM is dropped. */
export function decodeUtf8(content: Buffer): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(content);
  } catch {
    return undefined;
  }
}
