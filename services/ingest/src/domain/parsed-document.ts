/** Text a parser recovered from a document, before chunking. */
export interface ParsedDocument {
  /** PDF: one entry per page, numbered from 1. Other types: one entry with page 0. */
  pages: ParsedPage[];
  /** Pages the document has (PDF page count; 1 for text). */
  pageCount: number;
}

export interface ParsedPage {
  /** 1-based page number; 0 when the document has no pages. */
  page: number;
  sections: ParsedSection[];
}

/** A run of text under one heading ("" before the first heading or when there are none). */
export interface ParsedSection {
  heading: string;
  /** Paragraphs are separated by blank lines; lines inside a paragraph by "\n". */
  text: string;
}
