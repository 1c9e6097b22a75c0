import { DocumentBuilder } from "../domain/document-builder";
import { documentFailure } from "../domain/document-failure";
import type { DocumentLimits } from "../domain/document-limits";
import type { ParsedDocument } from "../domain/parsed-document";
import { relationshipTargets } from "./ooxml-package";
import { readXml } from "./xml-reader";
import { openZip, type ZipArchive } from "./zip-archive";

type XlsxLimits = Pick<DocumentLimits, "maxPages" | "maxChars" | "maxUnpackedBytes" | "maxArchiveEntries">;

const malformed = (message: string, cause?: unknown) => documentFailure("xlsx_malformed", `The XLSX workbook could not be read: ${message}`, cause);
const WORKBOOK = "xl/workbook.xml";
/** Empty cells filled in to keep a value under its column, at most (a far-off cell is appended instead). */
const MAX_COLUMN_GAP = 256;

/**
 * Text of an XLSX workbook (SpreadsheetML): each worksheet, in the workbook's order, is a
 * section headed by its name, and each row a table row of its cells' values (shared and
 * inline strings, numbers as stored, booleans as TRUE/FALSE, a formula's cached value).
 * A workbook has no pages. Rows go to the document as they are read, so a huge sheet stops
 * at the character cap.
 */
export async function parseXlsx(content: Buffer, limits: XlsxLimits): Promise<ParsedDocument> {
  const archive = openZip(content, limits, { malformed, encrypted: () => malformed("an entry is encrypted") });
  const workbook = archive.read(WORKBOOK);
  if (!workbook) throw malformed("it has no workbook part");
  const targets = relationshipTargets(archive, WORKBOOK, malformed);
  const sheets: { name: string; part: string }[] = [];
  readXml(
    workbook,
    {
      open(name, attributes) {
        const id = attributes["r:id"];
        const part = id ? targets.get(id) : undefined;
        if (name === "sheet" && part) sheets.push({ name: attributes.name ?? "", part });
      },
    },
    malformed,
  );
  const shared = sharedStrings(archive);
  const builder = new DocumentBuilder(limits);
  for (const sheet of sheets) {
    const xml = archive.read(sheet.part);
    if (!xml) continue;
    // A sheet is headed by its name once it has a value: empty sheets add nothing.
    let headed = false;
    readSheet(xml, shared, (row) => {
      if (!row.some((cell) => cell.trim() !== "")) return;
      if (!headed) builder.heading(sheet.name);
      headed = true;
      builder.table([row]);
    });
  }
  return builder.build();
}

/** The shared string table: each item's text runs joined, phonetic guides (rPh) left out. */
function sharedStrings(archive: ZipArchive): string[] {
  const xml = archive.read("xl/sharedStrings.xml");
  const strings: string[] = [];
  if (!xml) return strings;
  let current: string | undefined;
  let inText = false;
  let phonetic = 0;
  readXml(
    xml,
    {
      open(name) {
        if (name === "si") current = "";
        else if (name === "rPh") phonetic += 1;
        else if (name === "t") inText = true;
      },
      close(name) {
        if (name === "si") {
          strings.push(current ?? "");
          current = undefined;
        } else if (name === "rPh") phonetic -= 1;
        else if (name === "t") inText = false;
      },
      text(text) {
        if (inText && phonetic === 0 && current !== undefined) current += text;
      },
    },
    malformed,
  );
  return strings;
}

function readSheet(xml: Buffer, shared: string[], emit: (row: string[]) => void): void {
  let row: string[] | undefined;
  let cell: { column: number | undefined; type: string; value: string } | undefined;
  let reading: "v" | "t" | undefined;
  readXml(
    xml,
    {
      open(name, attributes) {
        if (name === "row") row = [];
        else if (name === "c") cell = { column: columnIndex(attributes.r), type: attributes.t ?? "n", value: "" };
        else if (cell && (name === "v" || name === "t")) reading = name;
      },
      close(name) {
        if ((name === "v" || name === "t") && reading === name) reading = undefined;
        else if (name === "c" && cell && row) {
          const value = cellValue(cell.type, cell.value, shared);
          if (cell.column !== undefined && cell.column > row.length && cell.column - row.length <= MAX_COLUMN_GAP) {
            while (row.length < cell.column) row.push("");
          }
          row.push(value);
          cell = undefined;
        } else if (name === "row" && row) {
          emit(row);
          row = undefined;
        }
      },
      text(text) {
        if (cell && reading) cell.value += text;
      },
    },
    malformed,
  );
}

function cellValue(type: string, raw: string, shared: string[]): string {
  switch (type) {
    case "s":
      return shared[Number(raw)] ?? "";
    case "b":
      return raw === "1" ? "TRUE" : "FALSE";
    default:
      return raw;
  }
}

/** "C7" → 2 (columns from 0); undefined without a reference. */
function columnIndex(reference: string | undefined): number | undefined {
  const letters = /^([A-Z]{1,3})\d/.exec(reference ?? "")?.[1];
  if (!letters) return undefined;
  let index = 0;
  for (const letter of letters) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}
