import type { IndexedChunk } from "./chunk-index.client";
import type { ParsedDocument } from "./parsed-document";
import { splitSentences } from "./sentence-splitter";

export interface ChunkingOptions {
  /** Most characters in one chunk (CHUNK_SIZE). */
  size: number;
  /** Characters of the previous chunk repeated at the start of the next (CHUNK_OVERLAP), in whole sentences where possible. */
  overlap: number;
}

/**
 * A chunk before it is named and indexed: its text, page (1-based, 0 for documents without
 * pages), section (the heading it falls under, "" when none) and position from 0.
 */
export type ChunkDraft = Pick<IndexedChunk, "text" | "page" | "section" | "chunkIndex">;

/** A sentence (or a piece of an overlong one) and whether it opens a paragraph. */
interface Unit {
  text: string;
  paragraphStart: boolean;
}

/**
 * Splits parsed text into chunks of at most `size` characters. Boundaries are chosen in
 * order of preference: page and heading (never crossed), paragraph, sentence end
 * (Korean endings included), whitespace, and only for a single token longer than a
 * chunk, inside that token.
 */
export function chunkDocument(document: ParsedDocument, options: ChunkingOptions): ChunkDraft[] {
  if (options.size < 1) throw new RangeError("chunk size must be positive");
  if (options.overlap < 0 || options.overlap >= options.size) throw new RangeError("chunk overlap must be in [0, size)");
  const chunks: ChunkDraft[] = [];
  for (const page of document.pages) {
    for (const section of page.sections) {
      // Pieces of an overlong sentence leave room for the overlap that precedes them.
      const pieceSize = options.size - options.overlap;
      for (const text of packUnits(toUnits(section.text, options.size, pieceSize), options)) {
        chunks.push({ text, page: page.page, section: section.heading, chunkIndex: chunks.length });
      }
    }
  }
  return chunks;
}

function toUnits(text: string, size: number, pieceSize: number): Unit[] {
  const units: Unit[] = [];
  for (const paragraph of text.split(/\n[ \t]*\n+/)) {
    let paragraphStart = true;
    for (const sentence of splitSentences(paragraph)) {
      for (const piece of sentence.length <= size ? [sentence] : splitAtWhitespace(sentence, pieceSize)) {
        units.push({ text: piece, paragraphStart });
        paragraphStart = false;
      }
    }
  }
  return units;
}

/** Packs words into pieces of at most `size`; a single word longer than that is cut by code point. */
function splitAtWhitespace(sentence: string, size: number): string[] {
  const pieces: string[] = [];
  let current = "";
  for (const word of sentence.split(" ")) {
    const parts = word.length <= size ? [word] : cutToken(word, size);
    for (const part of parts) {
      if (current === "") current = part;
      else if (current.length + 1 + part.length <= size) current += ` ${part}`;
      else {
        pieces.push(current);
        current = part;
      }
    }
  }
  if (current !== "") pieces.push(current);
  return pieces;
}

function cutToken(token: string, size: number): string[] {
  const parts: string[] = [];
  let current = "";
  for (const codePoint of token) {
    if (current.length + codePoint.length > size) {
      parts.push(current);
      current = "";
    }
    current += codePoint;
  }
  if (current !== "") parts.push(current);
  return parts;
}

const separatorLength = (unit: Unit) => (unit.paragraphStart ? 2 : 1);

function render(units: Unit[]): string {
  return units.map((unit, index) => (index === 0 ? unit.text : `${unit.paragraphStart ? "\n\n" : " "}${unit.text}`)).join("");
}

function packUnits(units: Unit[], options: ChunkingOptions): string[] {
  const chunks: string[] = [];
  let current: Unit[] = [];
  let length = 0;
  for (const unit of units) {
    if (current.length > 0 && length + separatorLength(unit) + unit.text.length > options.size) {
      chunks.push(render(current));
      current = overlapOf(current, options.overlap, options.size - unit.text.length - separatorLength(unit));
      length = render(current).length;
    }
    length += (current.length > 0 ? separatorLength(unit) : 0) + unit.text.length;
    current.push(unit);
  }
  if (current.length > 0) chunks.push(render(current));
  return chunks;
}

/**
 * The tail of a finished chunk to repeat at the start of the next: as many whole
 * sentences as fit in `overlap` (and leave room for what comes next); when not even the
 * last sentence fits, its last words instead.
 */
function overlapOf(previous: Unit[], overlap: number, room: number): Unit[] {
  const budget = Math.min(overlap, room);
  if (budget <= 0) return [];
  const carried: Unit[] = [];
  let length = 0;
  for (let index = previous.length - 1; index >= 0; index -= 1) {
    const unit = previous[index]!;
    const added = unit.text.length + (carried.length > 0 ? separatorLength(carried[0]!) : 0);
    if (length + added > budget) break;
    carried.unshift(unit);
    length += added;
  }
  if (carried.length > 0) return carried;
  const words = previous[previous.length - 1]!.text.split(" ");
  let tail = "";
  for (let index = words.length - 1; index > 0; index -= 1) {
    const candidate = tail === "" ? words[index]! : `${words[index]} ${tail}`;
    if (candidate.length > budget) break;
    tail = candidate;
  }
  return tail === "" ? [] : [{ text: tail, paragraphStart: false }];
}
