/**
 * The longest run of one character class counted as a single piece. The o200k pre-tokens
 * that can grow without limit are runs of letters (a language written without spaces),
 * of symbols (emoji, "====") and of whitespace; byte-pair merging is quadratic in a
 * pre-token's length, so one 32,000-character run took seconds. Ordinary text has no run
 * this long, so it is counted exactly; a longer run is counted in slices of this length,
 * each slice boundary adding at most a token or so.
 */
export const MAX_PIECE_LENGTH = 128;

const LONG_RUN = new RegExp(
  String.raw`[\p{L}\p{M}]{${MAX_PIECE_LENGTH},}|[^\s\p{L}\p{N}]{${MAX_PIECE_LENGTH},}|\s{${MAX_PIECE_LENGTH},}`,
  "gu",
);

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
