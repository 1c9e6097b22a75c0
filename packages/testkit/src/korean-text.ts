/**
 * `length` Hangul syllables with no space between them, drawn by a seeded generator from
 * all 11,172: a different text for each seed, so no tokenizer cache has seen it. The
 * shape of a long Korean message pasted without spaces.
 */
export function spacelessHangul(length: number, seed = 1): string {
  const HANGUL_SYLLABLES = 11_172;
  let state = seed;
  let text = "";
  for (let i = 0; i < length; i++) {
    state = (state * 1_103_515_245 + 12_345) & 0x7fffffff;
    text += String.fromCharCode(0xac00 + (state % HANGUL_SYLLABLES));
  }
  return text;
}
