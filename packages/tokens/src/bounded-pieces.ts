/**
 * The longest run of one character class counted as a single piece. The o200k pre-tokens
 * that can grow without limit are runs of letters (a language written without spaces),
 * of symbols (emoji, "====") and of whitespace; byte-pair merging is quadratic in a
 * pre-token's length, so one 32,000-character run took seconds. Ordinary text has no run
 * this long, so it is counted exactly; a longer run is counted in slices of this length,
 * each slice boundary adding at most a token or so.
 */
export const MAX_PIECE_LENGTH = 128;

const LONG_RUN = new RegExp(String.raw`[\p{L}\p{M}]{${MAX_PIECE_LENGTH},}|[^\s\p{L}\p{N}]{${MAX_PIECE_LENGTH},}|\s{${MAX_PIECE_LENGTH},}`, "gu");

/**
 * `text` cut so that no pre-token is longer than MAX_PIECE_LENGTH: the text between long
 * runs as it is, and each long run in slices. Text without a long run is one piece, itself.
 */
export function boundedPieces(text: string): string[] {
  // Matching the Unicode classes costs more than a third of counting itself; a plain scan
  // for a long stretch without a change between whitespace and the rest rules out most text.
  if (!hasLongStretch(text)) return text ? [text] : [];
  const pieces: string[] = [];
  let from = 0;
  for (const run of text.matchAll(LONG_RUN)) {
    if (run.index > from) pieces.push(text.slice(from, run.index));
    sliceInto(pieces, run[0]);
    from = run.index + run[0].length;
  }
  if (from < text.length) pieces.push(from === 0 ? text : text.slice(from));
  return pieces;
}

/**
 * Whether some MAX_PIECE_LENGTH characters in a row are all whitespace or all not. Every
 * long run LONG_RUN finds lies in such a stretch; most stretches (a long URL) hold none.
 *
 * Such a stretch spans two neighbouring positions a half length apart, so only those
 * are compared, along with what lies between them; in ordinary text a change (a space)
 * comes within a few characters, and the check costs a few percent of counting.
 */
function hasLongStretch(text: string): boolean {
  const step = MAX_PIECE_LENGTH / 2;
  const spaceAt = (index: number) => isWhitespace(text.charCodeAt(index));
  for (let sample = 0; sample + step < text.length; sample += step) {
    const space = spaceAt(sample);
    let next = sample + 1;
    while (next <= sample + step && spaceAt(next) === space) next++;
    if (next <= sample + step) continue;
    let start = sample;
    while (start > 0 && spaceAt(start - 1) === space) start--;
    let end = sample + step;
    while (end + 1 < text.length && spaceAt(end + 1) === space) end++;
    if (end - start + 1 >= MAX_PIECE_LENGTH) return true;
  }
  return false;
}

/** The characters of the regular expression class \s, which the tokenizer splits on. */
export function isWhitespace(code: number): boolean {
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

function sliceInto(pieces: string[], run: string): void {
  let start = 0;
  while (start < run.length) {
    let end = Math.min(start + MAX_PIECE_LENGTH, run.length);
    // Never between the two halves of a surrogate pair: each half alone is not a character.
    if (end < run.length && isHighSurrogate(run.charCodeAt(end - 1))) end -= 1;
    pieces.push(run.slice(start, end));
    start = end;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Where a long run starts: the first MAX_PIECE_LENGTH characters of one, in LONG_RUN's order
 * of alternatives, so it finds the same runs at the same places. A group tells which class.
 */
const RUN_START = new RegExp(String.raw`([\p{L}\p{M}]{${MAX_PIECE_LENGTH}})|([^\s\p{L}\p{N}]{${MAX_PIECE_LENGTH}})|(\s{${MAX_PIECE_LENGTH}})`, "gu");

/** The rest of a run of each class, at most RUN_CHUNK characters at a time. */
const RUN_CHUNK = 4_096;
const RUN_REST = [
  new RegExp(String.raw`[\p{L}\p{M}]{1,${RUN_CHUNK}}`, "uy"),
  new RegExp(String.raw`[^\s\p{L}\p{N}]{1,${RUN_CHUNK}}`, "uy"),
  new RegExp(String.raw`\s{1,${RUN_CHUNK}}`, "uy"),
] as const;

/** MAX_PIECE_LENGTH characters at most: whether a run starts somewhere depends on no more text after it than this. */
const RUN_START_REACH = 2 * MAX_PIECE_LENGTH;

/**
 * The pieces of boundedPieces(text), found a window of text at a time: each step is a
 * piece, or undefined after a window searched without a piece to show. No step searches
 * or slices more than about `window` characters, so a caller can pause between steps
 * however long the text is.
 */
export function* boundedPieceSteps(text: string, window = 8_192): Generator<string | undefined, void, undefined> {
  // Two characters at least: a window shortened to end on a whole character still moves on.
  window = Math.max(2, window);
  let gapStart = 0;
  let from = 0;
  while (from < text.length) {
    let windowEnd = Math.min(text.length, from + window + RUN_START_REACH);
    if (windowEnd < text.length && isHighSurrogate(text.charCodeAt(windowEnd - 1))) windowEnd -= 1;
    RUN_START.lastIndex = 0;
    const start = RUN_START.exec(windowEnd === text.length && from === 0 ? text : text.slice(from, windowEnd));
    const at = start ? from + start.index : -1;
    // A run found near the window's end might be preceded by one the window cut short.
    if (start === null || (windowEnd < text.length && at + RUN_START_REACH > windowEnd)) {
      if (windowEnd === text.length) break;
      from = windowEnd - RUN_START_REACH;
      // Searching starts on a character, never on the second half of a surrogate pair.
      if (isLowSurrogate(text.charCodeAt(from)) && isHighSurrogate(text.charCodeAt(from - 1))) from += 1;
      yield undefined;
      continue;
    }
    if (at > gapStart) yield text.slice(gapStart, at);
    const rest = RUN_REST[start[1] !== undefined ? 0 : start[2] !== undefined ? 1 : 2];
    let end = at + start[0].length;
    for (;;) {
      rest.lastIndex = end;
      const more = rest.exec(text);
      if (more === null) break;
      end += more[0].length;
      if (more[0].length < RUN_CHUNK) break;
      yield undefined;
    }
    yield* slices(text, at, end);
    gapStart = end;
    from = end;
  }
  if (gapStart < text.length) yield gapStart === 0 ? text : text.slice(gapStart);
}

/** sliceInto for the run text.slice(start, end), a slice at a time. */
function* slices(text: string, start: number, end: number): Generator<string, void, undefined> {
  while (start < end) {
    let sliceEnd = Math.min(start + MAX_PIECE_LENGTH, end);
    if (sliceEnd < end && isHighSurrogate(text.charCodeAt(sliceEnd - 1))) sliceEnd -= 1;
    yield text.slice(start, sliceEnd);
    start = sliceEnd;
  }
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
