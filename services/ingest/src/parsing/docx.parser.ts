import mammoth from "mammoth";
import { isAppError } from "@chatbot/core";
import { DocumentBuilder } from "../domain/document-builder";
import { documentFailure } from "../domain/document-failure";
import type { DocumentLimits } from "../domain/document-limits";
import type { ParsedDocument } from "../domain/parsed-document";
import { openZip } from "./zip-archive";

type DocxLimits = Pick<DocumentLimits, "maxPages" | "maxChars" | "maxUnpackedBytes" | "maxArchiveEntries">;

const malformed = (message: string, cause?: unknown) => documentFailure("docx_malformed", `The DOCX document could not be read: ${message}`, cause);

/** An element of mammoth's document model (paragraph, run, text, table, …). */
interface DocxElement {
  type: string;
  children?: DocxElement[];
  value?: string;
  styleId?: string | null;
  styleName?: string | null;
  breakType?: string;
  noteType?: string;
  noteId?: string;
  body?: DocxElement[];
  /** On the document: its footnotes and endnotes. */
  notes?: { resolve(reference: DocxElement): DocxElement | null };
}

/** Word's built-in heading styles ("heading 1" … "heading 9", styleId Heading1), and the title style. */
const HEADING_STYLE = /^(?:heading\s*[1-9]|title)$/i;

/**
 * Text of a DOCX document through mammoth's reader of WordprocessingML (deleted
 * revisions, field codes and other markup left out by it). Its document model is walked
 * here rather than converted to HTML: paragraphs in Word's heading styles start
 * sections, tables become rows of cells, and the footnotes and endnotes a paragraph cites
 * follow it. DOCX records no pages, so its text is on page 0.
 *
 * mammoth unzips with JSZip, which trusts the sizes an archive declares: every entry is
 * first inflated once within the document's unpack budget and entry cap (zip-archive.ts),
 * so a zip bomb fails here before mammoth sees it.
 */
export async function parseDocx(content: Buffer, limits: DocxLimits): Promise<ParsedDocument> {
  openZip(content, limits, { malformed, encrypted: () => malformed("an entry is encrypted") }).verifyAll();
  let document: DocxElement | undefined;
  try {
    await mammoth.convertToHtml(
      { buffer: content },
      {
        transformDocument: (element: DocxElement) => {
          document = element;
          // Nothing is left to convert to HTML: only the model is wanted.
          return { ...element, children: [] };
        },
      },
    );
  } catch (error) {
    if (isAppError(error)) throw error;
    throw malformed(error instanceof Error ? error.message : String(error), error);
  }
  if (!document) throw malformed("it has no main document part");
  const builder = new DocumentBuilder(limits);
  const notes = document.notes;
  for (const element of document.children ?? []) {
    if (element.type === "paragraph") {
      const text = inlineText(element);
      if (HEADING_STYLE.test(element.styleName ?? "") || /^Heading[1-9]$/.test(element.styleId ?? "")) builder.heading(text);
      else builder.paragraph(text);
    } else if (element.type === "table") {
      builder.table(tableRows(element));
    }
    for (const reference of noteReferences(element)) {
      for (const paragraph of notes?.resolve(reference)?.body ?? []) builder.paragraph(inlineText(paragraph));
    }
  }
  return builder.build();
}

function noteReferences(element: DocxElement): DocxElement[] {
  if (element.type === "noteReference") return [element];
  return (element.children ?? []).flatMap(noteReferences);
}

function tableRows(table: DocxElement): string[][] {
  return (table.children ?? []).filter((row) => row.type === "tableRow").map((row) => (row.children ?? []).filter((cell) => cell.type === "tableCell").map(cellText));
}

/** A cell's paragraphs on one line; a table inside a cell gives its rows in turn. */
function cellText(cell: DocxElement): string {
  return (cell.children ?? [])
    .map((child) =>
      child.type === "table"
        ? tableRows(child)
            .map((row) => row.join(" "))
            .join(" ")
        : inlineText(child),
    )
    .join(" ");
}

function inlineText(element: DocxElement): string {
  switch (element.type) {
    case "text":
      return element.value ?? "";
    case "tab":
      return "\t";
    case "break":
      return element.breakType === "line" ? "\n" : " ";
    case "noteReference":
    case "commentReference":
    case "image":
      return "";
    default:
      return (element.children ?? []).map(inlineText).join("");
  }
}
