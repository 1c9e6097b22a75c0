import { DocumentBuilder } from "../domain/document-builder";
import { documentFailure } from "../domain/document-failure";
import type { DocumentLimits } from "../domain/document-limits";
import type { ParsedDocument } from "../domain/parsed-document";
import { relationshipTargets } from "./ooxml-package";
import { readXml } from "./xml-reader";
import { openZip } from "./zip-archive";

type PptxLimits = Pick<DocumentLimits, "maxPages" | "maxChars" | "maxUnpackedBytes" | "maxArchiveEntries">;

const malformed = (message: string, cause?: unknown) => documentFailure("pptx_malformed", `The PPTX presentation could not be read: ${message}`, cause);
const PRESENTATION = "ppt/presentation.xml";
const TITLE_PLACEHOLDERS = new Set(["title", "ctrTitle"]);

type Item = { text: string } | { rows: string[][] };

/**
 * Text of a PPTX presentation (PresentationML): each slide, in the presentation's order,
 * is a page; its title placeholder heads it, the text of its other shapes follows as
 * paragraphs (a:p) and its tables (a:tbl) as rows. Speaker notes are not read.
 */
export async function parsePptx(content: Buffer, limits: PptxLimits): Promise<ParsedDocument> {
  const archive = openZip(content, limits, { malformed, encrypted: () => malformed("an entry is encrypted") });
  const presentation = archive.read(PRESENTATION);
  if (!presentation) throw malformed("it has no presentation part");
  const targets = relationshipTargets(archive, PRESENTATION, malformed);
  const slides: string[] = [];
  readXml(
    presentation,
    {
      open(name, attributes) {
        const part = attributes["r:id"] ? targets.get(attributes["r:id"]) : undefined;
        if (name === "sldId" && part) slides.push(part);
      },
    },
    malformed,
  );
  const builder = new DocumentBuilder(limits);
  for (const [index, part] of slides.entries()) {
    const xml = archive.read(part);
    if (!xml) continue;
    builder.startPage(index + 1);
    const { title, items } = readSlide(xml);
    if (title !== "") builder.heading(title);
    for (const item of items) {
      if ("text" in item) builder.paragraph(item.text);
      else builder.table(item.rows);
    }
  }
  return builder.build();
}

function readSlide(xml: Buffer): { title: string; items: Item[] } {
  const items: Item[] = [];
  const titles: string[] = [];
  let shapeIsTitle = false;
  let paragraph: string | undefined;
  let inText = false;
  let table: { rows: string[][]; row?: string[]; cell?: string[] } | undefined;
  readXml(
    xml,
    {
      open(name, attributes) {
        switch (name) {
          case "sp":
            shapeIsTitle = false;
            break;
          case "ph":
            if (TITLE_PLACEHOLDERS.has(attributes.type ?? "")) shapeIsTitle = true;
            break;
          case "p":
            paragraph = "";
            break;
          case "t":
            inText = true;
            break;
          case "br":
            if (paragraph !== undefined) paragraph += "\n";
            break;
          case "tbl":
            table = { rows: [] };
            break;
          case "tr":
            if (table) table.row = [];
            break;
          case "tc":
            if (table) table.cell = [];
            break;
        }
      },
      close(name) {
        switch (name) {
          case "t":
            inText = false;
            break;
          case "p":
            if (paragraph === undefined) break;
            if (table?.cell) table.cell.push(paragraph);
            else if (shapeIsTitle) titles.push(paragraph);
            else items.push({ text: paragraph });
            paragraph = undefined;
            break;
          case "tc":
            if (table?.row && table.cell) table.row.push(table.cell.join(" "));
            if (table) table.cell = undefined;
            break;
          case "tr":
            if (table?.row) table.rows.push(table.row);
            if (table) table.row = undefined;
            break;
          case "tbl":
            if (table) items.push({ rows: table.rows });
            table = undefined;
            break;
          case "sp":
            shapeIsTitle = false;
            break;
        }
      },
      text(text) {
        if (inText && paragraph !== undefined) paragraph += text;
      },
    },
    malformed,
  );
  return { title: titles.join(" ").trim(), items };
}
