import { inflateRawSync } from "node:zlib";
import * as CFB from "cfb";
import { isAppError } from "@chatbot/core";
import { DocumentBuilder } from "../domain/document-builder";
import { documentFailure } from "../domain/document-failure";
import { UnpackBudget, type DocumentLimits } from "../domain/document-limits";
import { LayoutPages } from "../domain/layout-pages";
import type { ParsedDocument } from "../domain/parsed-document";

type HwpLimits = Pick<DocumentLimits, "maxPages" | "maxChars" | "maxUnpackedBytes">;

const malformed = (message: string, cause?: unknown) => documentFailure("hwp_malformed", `The HWP document could not be read: ${message}`, cause);

/** FileHeader property bits (HWP 5.0 specification, "파일 인식 정보"). */
const FLAG = { compressed: 1 << 0, password: 1 << 1, distribution: 1 << 2, drm: 1 << 4, certificateEncryption: 1 << 8, certificateDrm: 1 << 10 };

/** Body text record tags (HWPTAG_BEGIN + n). */
const TAG = { paraHeader: 66, paraText: 67, lineSeg: 69, ctrlHeader: 71, listHeader: 72, table: 77 };
const PARA_BREAK = { section: 0x01, page: 0x04 };
/** Controls whose text is not body text: running headers and footers, hidden comments. */
const SKIPPED_CONTROLS = new Set(["head", "foot", "tcmt"]);

interface RecordNode {
  tag: number;
  payload: Buffer;
  children: RecordNode[];
}

type Item = { text: string } | { rows: string[][] };

/**
 * Text of an HWP 5.0 document (Hangul Word Processor's binary format, published by
 * Hancom): an OLE compound file whose BodyText/Section0, Section1, … streams hold
 * records, raw-deflated when the FileHeader says the document is compressed. Paragraph
 * text comes from PARA_TEXT records (UTF-16, with controls taking 8 code units); tables
 * become rows of cells (TABLE gives how many cells each row has, each cell's paragraphs
 * follow its LIST_HEADER); text boxes, footnotes and endnotes are kept, running headers,
 * footers and hidden comments are not. Pages come from the saved line layout
 * (layout-pages.ts).
 *
 * Password-protected, DRM and certificate-encrypted documents fail with hwp_encrypted;
 * distribution documents (배포용 문서), whose text their author protected from copying,
 * with hwp_distribution. Every inflate is bounded by the document's unpack budget.
 */
export async function parseHwp(content: Buffer, limits: HwpLimits): Promise<ParsedDocument> {
  let container: CFB.CFB$Container;
  try {
    container = CFB.read(content, { type: "buffer" });
  } catch (error) {
    throw malformed("the compound file is damaged", error);
  }
  const streams = new Map<string, Buffer>();
  container.FullPaths.forEach((path, index) => {
    const entry = container.FileIndex[index]!;
    if (entry.type === 2) streams.set(path.replace(/^[^/]*\//, ""), Buffer.from(entry.content ?? []));
  });
  const header = streams.get("FileHeader");
  if (!header || header.length < 40 || !header.subarray(0, 17).equals(Buffer.from("HWP Document File"))) {
    throw malformed("it has no HWP 5.0 file header");
  }
  const flags = header.readUInt32LE(36);
  if (flags & FLAG.password) throw documentFailure("hwp_encrypted", "The HWP document is password-protected");
  if (flags & (FLAG.drm | FLAG.certificateEncryption | FLAG.certificateDrm)) {
    throw documentFailure("hwp_encrypted", "The HWP document is DRM-protected or encrypted with a certificate");
  }
  if (flags & FLAG.distribution) {
    throw documentFailure("hwp_distribution", "The HWP document is a distribution document (배포용 문서) whose text is protected from copying");
  }

  const sections = [...streams.keys()]
    .map((name) => ({ name, index: /^BodyText\/Section(\d+)$/.exec(name)?.[1] }))
    .filter((stream): stream is { name: string; index: string } => stream.index !== undefined)
    .sort((a, b) => Number(a.index) - Number(b.index));
  if (sections.length === 0) throw malformed("it has no body text");

  const budget = new UnpackBudget(limits);
  const builder = new DocumentBuilder(limits);
  const pages = new LayoutPages();
  try {
    for (const section of sections) {
      const raw = streams.get(section.name)!;
      const bytes = flags & FLAG.compressed ? inflate(raw, budget) : raw;
      pages.breakPage();
      for (const paragraph of recordTree(bytes).children) {
        if (paragraph.tag === TAG.paraHeader) emitBodyParagraph(paragraph, builder, pages);
      }
    }
  } catch (error) {
    if (isAppError(error)) throw error;
    throw malformed(error instanceof Error ? error.message : String(error), error);
  }
  return builder.build();
}

function inflate(raw: Buffer, budget: UnpackBudget): Buffer {
  let bytes: Buffer;
  try {
    bytes = inflateRawSync(raw, { maxOutputLength: Math.max(1, budget.remaining()) });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw budget.exceeded();
    throw malformed("a compressed section is damaged", error);
  }
  budget.spend(bytes.length);
  return bytes;
}

/**
 * Records in the tree their levels describe: a record of level n belongs to the last
 * record of level n - 1 before it. Each has a 32-bit header (tag: 10 bits, level: 10,
 * size: 12, or 0xFFF and a 32-bit size after it).
 */
function recordTree(bytes: Buffer): RecordNode {
  const root: RecordNode = { tag: -1, payload: Buffer.alloc(0), children: [] };
  const open: RecordNode[] = [root];
  let offset = 0;
  while (offset + 4 <= bytes.length) {
    const header = bytes.readUInt32LE(offset);
    offset += 4;
    const tag = header & 0x3ff;
    const level = (header >>> 10) & 0x3ff;
    let size = header >>> 20;
    if (size === 0xfff) {
      if (offset + 4 > bytes.length) throw malformed("a record is truncated");
      size = bytes.readUInt32LE(offset);
      offset += 4;
    }
    if (offset + size > bytes.length) throw malformed("a record is truncated");
    if (level + 1 > open.length) throw malformed("the records are not nested properly");
    const node: RecordNode = { tag, payload: bytes.subarray(offset, offset + size), children: [] };
    offset += size;
    open.length = level + 1;
    open[level]!.children.push(node);
    open.push(node);
  }
  return root;
}

function emitBodyParagraph(paragraph: RecordNode, builder: DocumentBuilder, pages: LayoutPages): void {
  const breaks = paragraph.payload.length > 11 ? paragraph.payload[11]! : 0;
  if (breaks & (PARA_BREAK.page | PARA_BREAK.section)) pages.breakPage();
  const lines = lineSegments(paragraph);
  const [first, ...rest] = lines;
  if (first) pages.line(first.vertical, first.horizontal);
  else pages.paragraph();
  builder.startPage(pages.page);
  for (const item of paragraphItems(paragraph)) {
    if ("text" in item) builder.paragraph(item.text);
    else builder.table(item.rows);
  }
  for (const line of rest) pages.line(line.vertical, line.horizontal);
}

/** PARA_LINE_SEG: 36 bytes a line; vertical position at 4, column start at 24. */
function lineSegments(paragraph: RecordNode): { vertical: number; horizontal: number }[] {
  const record = paragraph.children.find((child) => child.tag === TAG.lineSeg);
  const lines: { vertical: number; horizontal: number }[] = [];
  if (!record) return lines;
  for (let offset = 0; offset + 36 <= record.payload.length; offset += 36) {
    lines.push({ vertical: record.payload.readInt32LE(offset + 4), horizontal: record.payload.readInt32LE(offset + 24) });
  }
  return lines;
}

/** A paragraph's text, then the tables and other text its controls hold, in order. */
function paragraphItems(paragraph: RecordNode): Item[] {
  const items: Item[] = [];
  const text = paragraph.children.find((child) => child.tag === TAG.paraText);
  if (text) items.push({ text: paragraphText(text.payload) });
  for (const control of paragraph.children) {
    if (control.tag !== TAG.ctrlHeader || control.payload.length < 4) continue;
    const id = controlId(control.payload.readUInt32LE(0));
    if (SKIPPED_CONTROLS.has(id)) continue;
    if (id === "tbl ") items.push(...tableItems(control));
    else items.push(...nestedParagraphs(control).flatMap(paragraphItems));
  }
  return items;
}

/** A table's caption, if any, and its rows: TABLE lists how many cells each row has, and cells come in that order. */
function tableItems(control: RecordNode): Item[] {
  const items: Item[] = [];
  const cells: string[] = [];
  let rowSizes: number[] | undefined;
  let cell: string[] | undefined;
  const endCell = () => {
    if (cell) cells.push(cell.join(" "));
    cell = undefined;
  };
  for (const child of control.children) {
    if (child.tag === TAG.table) {
      endCell();
      const rowCount = child.payload.length >= 6 ? child.payload.readUInt16LE(4) : 0;
      rowSizes = [];
      for (let row = 0; row < rowCount && 18 + row * 2 + 2 <= child.payload.length; row += 1) rowSizes.push(child.payload.readUInt16LE(18 + row * 2));
    } else if (child.tag === TAG.listHeader) {
      endCell();
      if (rowSizes) cell = [];
    } else if (child.tag === TAG.paraHeader) {
      const texts = paragraphItems(child).map((item) => ("text" in item ? item.text : item.rows.map((row) => row.join(" ")).join(" ")));
      // Paragraphs before the TABLE record belong to the caption.
      if (cell) cell.push(...texts);
      else items.push(...texts.map((text) => ({ text })));
    }
  }
  endCell();
  const rows: string[][] = [];
  let next = 0;
  for (const size of rowSizes ?? []) {
    rows.push(cells.slice(next, next + size));
    next += size;
  }
  // Cells the row sizes do not account for (a damaged TABLE record) still keep their text.
  if (next < cells.length) rows.push(...cells.slice(next).map((text) => [text]));
  items.push({ rows });
  return items;
}

/** Paragraphs held by a control (a text box, a footnote), wherever they sit below it. */
function nestedParagraphs(node: RecordNode): RecordNode[] {
  return node.children.flatMap((child) => (child.tag === TAG.paraHeader ? [child] : nestedParagraphs(child)));
}

function controlId(value: number): string {
  return String.fromCharCode((value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}

/**
 * PARA_TEXT: UTF-16LE code units. Codes below 32 are controls: "char" controls take one
 * unit (10 line break, 13 paragraph end, 24 hyphen, 30 and 31 spaces), inline and
 * extended controls take eight (9 is a tab; the rest anchor tables, pictures, fields
 * and the like, whose text, if any, is read from their own records).
 */
function paragraphText(payload: Buffer): string {
  let text = "";
  let offset = 0;
  while (offset + 2 <= payload.length) {
    const code = payload.readUInt16LE(offset);
    if (code >= 32) {
      text += String.fromCharCode(code);
      offset += 2;
    } else if (code === 0 || code === 10 || code === 13 || (code >= 24 && code <= 31)) {
      if (code === 10) text += "\n";
      else if (code === 24) text += "-";
      else if (code === 30 || code === 31) text += " ";
      offset += 2;
    } else {
      if (code === 9) text += "\t";
      offset += 16;
    }
  }
  return text;
}
