import { DocumentBuilder } from "../domain/document-builder";
import { documentFailure } from "../domain/document-failure";
import type { DocumentLimits } from "../domain/document-limits";
import { LayoutPages } from "../domain/layout-pages";
import type { ParsedDocument } from "../domain/parsed-document";
import { readXml } from "./xml-reader";
import { openZip, type ZipArchive } from "./zip-archive";

type HwpxLimits = Pick<DocumentLimits, "maxPages" | "maxChars" | "maxUnpackedBytes" | "maxArchiveEntries">;

const malformed = (message: string, cause?: unknown) => documentFailure("hwpx_malformed", `The HWPX document could not be read: ${message}`, cause);
const encrypted = () => documentFailure("hwpx_encrypted", "The HWPX document is encrypted");

/** Elements whose text is not body text: running headers and footers, hidden comments and memos. */
const SKIPPED = new Set(["header", "footer", "hiddenComment", "memo", "memogroup", "parameters"]);
/** Elements inside hp:t that stand for a character. */
const INLINE_CHARACTERS: Record<string, string> = { tab: "\t", lineBreak: "\n", nbSpace: " ", fwSpace: " ", hyphen: "-" };

/**
 * Text of an HWPX (OWPML) document: its section parts Contents/section0.xml,
 * section1.xml, … in order, read with a streaming XML parser that expands no external
 * or custom entities. Paragraphs (hp:p) keep their runs' text (hp:t); tables (hp:tbl) become
 * rows of cells; text boxes, footnotes and endnotes are kept; running headers, footers
 * and hidden comments are not. Pages come from the saved line layout (layout-pages.ts).
 */
export async function parseHwpx(content: Buffer, limits: HwpxLimits): Promise<ParsedDocument> {
  const archive = openZip(content, limits, { malformed, encrypted });
  if (isEncrypted(archive)) throw encrypted();
  const sections = archive
    .names()
    .map((name) => ({ name, index: /^Contents\/section(\d+)\.xml$/i.exec(name)?.[1] }))
    .filter((part): part is { name: string; index: string } => part.index !== undefined)
    .sort((a, b) => Number(a.index) - Number(b.index));
  if (sections.length === 0) throw malformed("it has no section part (Contents/section0.xml)");

  const builder = new DocumentBuilder(limits);
  const pages = new LayoutPages();
  for (const section of sections) {
    pages.breakPage();
    readSection(archive.read(section.name)!, builder, pages);
  }
  return builder.build();
}

/** Encryption is declared in the package manifest (ODF style encryption-data), which the archive itself does not show. */
function isEncrypted(archive: ZipArchive): boolean {
  const manifest = archive.read("META-INF/manifest.xml");
  return manifest !== undefined && /encryption-data/i.test(manifest.toString("utf8"));
}

interface Paragraph {
  text: string;
  /** Text and tables in document order: tables inside a paragraph come between its text runs. */
  items: ({ text: string } | { rows: string[][] })[];
  breaksPage: boolean;
  lines: { vertical: number; horizontal: number }[];
}

interface Table {
  rows: string[][];
  row: string[] | undefined;
  cell: string[] | undefined;
}

function readSection(xml: Buffer, builder: DocumentBuilder, pages: LayoutPages): void {
  const paragraphs: Paragraph[] = [];
  const tables: Table[] = [];
  let skipDepth = 0;
  let inText = 0;

  const appendText = (text: string) => {
    const paragraph = paragraphs.at(-1);
    if (paragraph && inText > 0 && skipDepth === 0) paragraph.text += text;
  };

  const open = (name: string, attributes: Record<string, string>) => {
    if (skipDepth > 0 || SKIPPED.has(name)) {
      skipDepth += 1;
      return;
    }
    switch (name) {
      case "p":
        paragraphs.push({ text: "", items: [], breaksPage: attributes.pageBreak === "1", lines: [] });
        break;
      case "t":
        inText += 1;
        break;
      case "tbl": {
        const paragraph = paragraphs.at(-1);
        if (paragraph && paragraph.text !== "") {
          paragraph.items.push({ text: paragraph.text });
          paragraph.text = "";
        }
        tables.push({ rows: [], row: undefined, cell: undefined });
        break;
      }
      case "tr":
        if (tables.at(-1)) tables.at(-1)!.row = [];
        break;
      case "tc":
        if (tables.at(-1)) tables.at(-1)!.cell = [];
        break;
      case "lineseg": {
        const paragraph = paragraphs.at(-1);
        if (paragraph) paragraph.lines.push({ vertical: Number(attributes.vertpos ?? 0), horizontal: Number(attributes.horzpos ?? 0) });
        break;
      }
      default:
        if (inText > 0 && INLINE_CHARACTERS[name]) appendText(INLINE_CHARACTERS[name]);
    }
  };

  const close = (name: string) => {
    if (skipDepth > 0) {
      skipDepth -= 1;
      return;
    }
    switch (name) {
      case "t":
        inText -= 1;
        break;
      case "p": {
        const paragraph = paragraphs.pop()!;
        if (paragraph.text !== "") paragraph.items.push({ text: paragraph.text });
        const table = tables.at(-1);
        if (table?.cell) {
          // Inside a table cell: its text joins the cell (a nested table's rows go in line by line).
          for (const item of paragraph.items) table.cell.push("text" in item ? item.text : item.rows.map((row) => row.join(" ")).join(" "));
        } else if (paragraphs.length > 0) {
          // A paragraph of a text box or note inside another paragraph: its text goes with the outer one.
          paragraphs.at(-1)!.items.push(...paragraph.items);
        } else {
          emitBodyParagraph(paragraph, builder, pages);
        }
        break;
      }
      case "tc": {
        const table = tables.at(-1);
        if (table?.cell && table.row) table.row.push(table.cell.join(" "));
        if (table) table.cell = undefined;
        break;
      }
      case "tr": {
        const table = tables.at(-1);
        if (table?.row) table.rows.push(table.row);
        if (table) table.row = undefined;
        break;
      }
      case "tbl": {
        const table = tables.pop()!;
        const outer = tables.at(-1);
        if (outer?.cell) outer.cell.push(table.rows.map((row) => row.join(" ")).join(" "));
        else paragraphs.at(-1)?.items.push({ rows: table.rows });
        break;
      }
    }
  };

  readXml(xml, { open, close, text: appendText }, malformed);
}

function emitBodyParagraph(paragraph: Paragraph, builder: DocumentBuilder, pages: LayoutPages): void {
  if (paragraph.breaksPage) pages.breakPage();
  const [first, ...rest] = paragraph.lines;
  if (first) pages.line(first.vertical, first.horizontal);
  else pages.paragraph();
  builder.startPage(pages.page);
  for (const item of paragraph.items) {
    if ("text" in item) builder.paragraph(item.text);
    else builder.table(item.rows);
  }
  for (const line of rest) pages.line(line.vertical, line.horizontal);
}
