import { documentFailure } from "./document-failure";
import { checkPageCount, checkTextLength, type DocumentLimits } from "./document-limits";
import type { ParsedDocument, ParsedPage, ParsedSection } from "./parsed-document";

/**
 * Collects what a parser reads from a structured document (paragraphs, headings, tables,
 * page starts) into a ParsedDocument, so that every format lays out text the same way:
 * - a paragraph is one block of text, blocks are separated by a blank line;
 * - a heading starts a section named after it, and its text is kept as the section's first paragraph;
 * - a table is a paragraph per row with its cells joined by " | ": the chunker keeps a
 *   paragraph whole where it can and never runs two into one line, so a row's label and
 *   its values stay together in one passage, and a chunk boundary falls between rows;
 * - pages are numbered from 1 as the parser announces them; a document whose format
 *   records no pages keeps everything on page 0.
 * Text is counted against the character cap as it comes, so a huge document stops early.
 */
export class DocumentBuilder {
  private readonly pages: ParsedPage[] = [];
  private current: { page: ParsedPage; section: ParsedSection; blocks: string[] } | undefined;
  private pageNumber = 0;
  private chars = 0;

  constructor(private readonly limits: Pick<DocumentLimits, "maxPages" | "maxChars">) {}

  /** The page the following text is on (1-based); a number lower than the current one is ignored. */
  startPage(page: number): void {
    if (page <= this.pageNumber) return;
    checkPageCount(page, this.limits);
    this.pageNumber = page;
    this.flush();
    this.current = undefined;
  }

  /** The page the next text goes on. */
  get page(): number {
    return this.pageNumber;
  }

  heading(text: string): void {
    const heading = normaliseInline(text);
    if (heading === "") return;
    this.flush();
    const page = this.currentPage();
    const section: ParsedSection = { heading, text: "" };
    page.sections.push(section);
    this.current = { page, section, blocks: [] };
    this.block(heading);
  }

  paragraph(text: string): void {
    this.block(normaliseParagraph(text));
  }

  /** Rows of cells; empty cells keep their place but trailing ones are dropped, empty rows are left out. */
  table(rows: string[][]): void {
    for (const row of rows) {
      const cells = row.map(normaliseInline);
      while (cells.length > 0 && cells.at(-1) === "") cells.pop();
      if (cells.length > 0) this.block(cells.join(" | "));
    }
  }

  build(): ParsedDocument {
    this.flush();
    const pages = this.pages
      .map((page) => ({ page: page.page, sections: page.sections.filter((section) => section.text.trim() !== "") }))
      .filter((page) => page.sections.length > 0);
    if (pages.length === 0) throw documentFailure("empty_document", "The document contains no text");
    return { pages, pageCount: Math.max(1, this.pageNumber) };
  }

  private block(text: string): void {
    if (text === "") return;
    this.chars += text.length + 2;
    checkTextLength(this.chars, this.limits);
    if (!this.current) {
      const page = this.currentPage();
      const section: ParsedSection = { heading: page.sections.at(-1)?.heading ?? this.lastHeading(), text: "" };
      page.sections.push(section);
      this.current = { page, section, blocks: [] };
    }
    this.current.blocks.push(text);
  }

  private currentPage(): ParsedPage {
    const last = this.pages.at(-1);
    if (last && last.page === this.pageNumber) return last;
    const page: ParsedPage = { page: this.pageNumber, sections: [] };
    this.pages.push(page);
    return page;
  }

  /** A page that starts in the middle of a section goes on under that section's heading. */
  private lastHeading(): string {
    for (let index = this.pages.length - 1; index >= 0; index -= 1) {
      const section = this.pages[index]!.sections.at(-1);
      if (section) return section.heading;
    }
    return "";
  }

  private flush(): void {
    if (this.current) this.current.section.text = this.current.blocks.join("\n\n");
  }
}

/** Lines of one paragraph: spaces runs collapsed, blank lines inside it dropped. */
function normaliseParagraph(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map(normaliseInline)
    .filter((line) => line !== "")
    .join("\n");
}

/** One line: tabs, no-break and other spaces collapsed into one space, trimmed. */
function normaliseInline(text: string): string {
  return text.replace(/[\s\u00a0\u2000-\u200b\u3000]+/g, " ").trim();
}
