import { AppError } from "@chatbot/core";
import { checkUploadContent } from "./document.input";
import { textMediaType, type MediaType, type TextMediaType } from "./document.types";
import { detectTextEncoding, looksLikeText } from "./text-encoding";
import { readZipDirectory, startsLikeZip, type ZipEntry } from "./zip-directory";

export interface DetectionInput {
  content: Buffer;
  filename: string;
  /** "text/plain" or "text/markdown" from callers that know the bytes are text; "" to detect. */
  declared: string;
}

/** What a 415 answer lists as accepted. */
export const ACCEPTED_FORMATS = ["PDF", "HWP 5.0", "HWPX", "DOCX", "PPTX", "XLSX", "HTML", "Markdown", "plain text in UTF-8, EUC-KR/CP949 or UTF-16"] as const;
const ACCEPTED = "PDF, HWP (5.0), HWPX, DOCX, PPTX, XLSX, HTML, Markdown and plain text (UTF-8, EUC-KR/CP949, UTF-16)";

const MARKDOWN_EXTENSIONS = /\.(md|markdown|mdown|mkd)$/i;
const MARKDOWN_HEADING = /^#{1,6}[ \t]+\S/m;
// A document that opens with one of these (after a doctype or comments) is HTML, whatever its name.
const HTML_START = /^(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]/i;
const HTML_TAGS = /<(?:html|head|body)[\s>][\s\S]*<\/(?:html|head|body)>/i;
const SNIFF_BYTES = 4096;

/** OLE2 compound file (HWP 5.0, and the legacy Office formats). */
const COMPOUND_FILE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** The signature at the start of an HWP 5.0 FileHeader stream, and of an HWP 3.x file. */
const HWP_SIGNATURE = "HWP Document File";
/** Entries a ZIP archive reads through at most to tell its format. */
const DIRECTORY_ENTRIES_SNIFFED = 10_000;

/**
 * Decides the media type from the bytes, never from the file name: a file named .pdf
 * that is not a PDF is refused here rather than failing later in the worker. Containers
 * are told by their inside: an OLE compound file holding HWP's FileHeader is HWP 5.0; a
 * ZIP archive is HWPX by its `mimetype` entry or package file, DOCX, PPTX and XLSX by
 * their main parts.
 * Text is decoded in the encoding told from its bytes (text-encoding.ts).
 */
export function detectMediaType(input: DetectionInput): MediaType {
  const { content, filename, declared } = input;
  checkUploadContent(declared, content);
  if (startsWithPdfHeader(content)) return "application/pdf";
  if (content.subarray(0, COMPOUND_FILE.length).equals(COMPOUND_FILE)) return compoundFileType(content);
  if (content.subarray(0, HWP_SIGNATURE.length).toString("latin1") === HWP_SIGNATURE) {
    throw unsupported("HWP 3.x documents are not supported; save the document as HWP 5.0 or HWPX");
  }
  if (startsLikeZip(content)) return zipType(content);

  const decoded = detectTextEncoding(content);
  if (!decoded) {
    if (looksLikeText(content)) {
      throw new AppError(
        "unsupported_media_type",
        "unknown_text_encoding",
        "The text's encoding could not be told: save it as UTF-8 (or UTF-16 with a byte order mark) and upload it again. " +
          "Text is accepted in UTF-8, EUC-KR/CP949 and UTF-16",
        { details: { accepted: ACCEPTED_FORMATS } },
      );
    }
    throw unsupported();
  }
  const type = textType(decoded.text, filename, declared);
  return textMediaType(type, decoded.charset);
}

function textType(text: string, filename: string, declared: string): TextMediaType {
  if (declared === "text/plain" || declared === "text/markdown") return declared;
  const head = text.slice(0, SNIFF_BYTES).trimStart();
  if (HTML_START.test(head) || HTML_TAGS.test(text.slice(0, SNIFF_BYTES * 4))) return "text/html";
  if (MARKDOWN_EXTENSIONS.test(filename) || MARKDOWN_HEADING.test(text)) return "text/markdown";
  return "text/plain";
}

/**
 * HWP 5.0 by its FileHeader stream and signature; the legacy Office formats and
 * password-protected Office documents (an OLE file holding an EncryptedPackage) are
 * named in the refusal.
 */
function compoundFileType(content: Buffer): MediaType {
  const holds = (name: string) => content.includes(Buffer.from(name, "utf16le"));
  if (holds("FileHeader") && content.includes(HWP_SIGNATURE, 0, "latin1")) return "application/x-hwp";
  if (holds("EncryptedPackage")) {
    throw new AppError("unsupported_media_type", "office_encrypted", "The file is a password-protected Office document: remove the password and upload it again", {
      details: { accepted: ACCEPTED_FORMATS },
    });
  }
  if (holds("WordDocument")) throw unsupported("Word 97-2003 documents (.doc) are not supported; save the document as DOCX");
  if (holds("PowerPoint Document")) throw unsupported("PowerPoint 97-2003 presentations (.ppt) are not supported");
  if (holds("Workbook") || holds("Book")) throw unsupported("Excel 97-2003 workbooks (.xls) are not supported");
  throw unsupported("The file is an OLE compound file of a kind that is not supported");
}

function zipType(content: Buffer): MediaType {
  const directory = readZipDirectory(content, DIRECTORY_ENTRIES_SNIFFED);
  if (!directory) throw unsupported("The file is a ZIP archive that could not be read (damaged or truncated)");
  const names = new Set(directory.entries.map((entry) => entry.name));
  const mimetype = storedText(
    content,
    directory.entries.find((entry) => entry.name === "mimetype"),
  );
  if (mimetype === "application/hwp+zip" || names.has("Contents/content.hpf")) return "application/hwp+zip";
  if (names.has("[Content_Types].xml") && names.has("word/document.xml")) {
    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  }
  if (names.has("[Content_Types].xml") && names.has("ppt/presentation.xml")) {
    return "application/vnd.openxmlformats-officedocument.presentationml.presentation";
  }
  if (names.has("[Content_Types].xml") && names.has("xl/workbook.xml")) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  if (mimetype?.startsWith("application/vnd.oasis.opendocument")) throw unsupported("OpenDocument files are not supported");
  throw unsupported("The file is a ZIP archive that holds no supported document");
}

/** A small stored (uncompressed) entry's text, such as a package's `mimetype`. */
function storedText(content: Buffer, entry: ZipEntry | undefined): string | undefined {
  if (!entry || entry.method !== 0 || entry.compressedSize > 256) return undefined;
  const header = entry.localHeaderOffset;
  if (header + 30 > content.length) return undefined;
  const start = header + 30 + content.readUInt16LE(header + 26) + content.readUInt16LE(header + 28);
  return content
    .subarray(start, start + entry.compressedSize)
    .toString("latin1")
    .trim();
}

function unsupported(reason?: string): AppError {
  return new AppError("unsupported_media_type", "unsupported_media_type", `${reason ? `${reason}. ` : ""}Supported documents: ${ACCEPTED}`, {
    details: { accepted: ACCEPTED_FORMATS },
  });
}

function startsWithPdfHeader(content: Buffer): boolean {
  // Some producers put a few bytes (a BOM, whitespace) before the header; readers accept that.
  const head = content.subarray(0, 1024).toString("latin1");
  return /^(?:\ufeff|\xef\xbb\xbf)?\s*%PDF-/.test(head);
}
