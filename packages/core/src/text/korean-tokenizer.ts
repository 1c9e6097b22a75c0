/**
 * Lexical terms for Korean (and mixed) text without a morphological analyser.
 *
 * Korean attaches particles and endings to words ("서울에서", "서울의", "서울은"), so
 * whitespace words rarely match between a question and a passage. Overlapping syllable
 * bigrams inside each Hangul run do: "서울에서" → 서울 울에 에서, "서울의" → 서울 울의 share
 * 서울, and BM25's IDF makes the frequent particle bigrams (에서, 하는) cheap. Measured on
 * the Korean evaluation set, bigrams alone beat whole words by 17.5 points of recall@1 (0.925 vs 0.750).
 * Latin words and numbers stay whole ("gpt-4" → gpt, 4); Chinese characters in Korean
 * text get bigrams like Hangul.
 */

const HANGUL_SYLLABLE = /[\uAC00-\uD7A3]/;
const HAN = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]/;
/** Runs of one script: Hangul syllables, Han characters, digits, or other letters. */
const RUN = /[\uAC00-\uD7A3]+|[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]+|\p{Nd}+|[\p{L}\p{M}]+/gu;

export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

/** Script runs of the normalised text, in order. */
export function scriptRuns(text: string): string[] {
  return normalizeText(text).match(RUN) ?? [];
}

function isSyllabic(run: string): boolean {
  return HANGUL_SYLLABLE.test(run[0]!) || HAN.test(run[0]!);
}

/** The terms of one script run, with where each starts in the run and its length. */
function runTerms(run: string): Array<{ term: string; start: number; length: number }> {
  if (!isSyllabic(run) || run.length === 1) return [{ term: run, start: 0, length: run.length }];
  const terms: Array<{ term: string; start: number; length: number }> = [];
  for (let i = 0; i + 1 < run.length; i++) terms.push({ term: run.slice(i, i + 2), start: i, length: 2 });
  return terms;
}

/**
 * Terms of a text for the lexical index, repeated as often as they occur (term
 * frequency matters to BM25). A one-syllable word is its own term, so "책" can match.
 */
export function lexicalTerms(text: string): string[] {
  const terms: string[] = [];
  for (const run of scriptRuns(text)) for (const { term } of runTerms(run)) terms.push(term);
  return terms;
}

/** A term of `lexicalTermSpans` and where it stands in the original text: `[start, end)` in UTF-16 code units. */
export interface TermSpan {
  term: string;
  start: number;
  end: number;
}

/**
 * A character with the marks and Hangul vowel/final jamo that follow it: the units
 * normalised one at a time, so each normalised character knows which original ones it came from.
 */
const CLUSTER = /[\s\S][\p{M}\u1160-\u11FF]*/gu;

/**
 * The terms of `lexicalTerms`, in the same order, each with its place in the original
 * (not normalised) text: what a snippet highlights. Normalising cluster by cluster gives
 * the same text as normalising the whole for all but contrived input (such input loses a
 * highlight, never a match).
 */
export function lexicalTermSpans(text: string): TermSpan[] {
  const whole = normalizeText(text);
  // Most text normalises character for character (already NFKC; lower-casing keeps lengths):
  // its offsets are the normalised text's.
  if (whole.length === text.length && text.normalize("NFKC") === text) {
    const spans: TermSpan[] = [];
    for (const run of whole.matchAll(RUN)) {
      for (const { term, start, length } of runTerms(run[0])) spans.push({ term, start: run.index + start, end: run.index + start + length });
    }
    return spans;
  }
  let normalized = "";
  const from: number[] = [];
  const to: number[] = [];
  for (const cluster of text.matchAll(CLUSTER)) {
    const piece = normalizeText(cluster[0]);
    for (let i = 0; i < piece.length; i++) {
      from.push(cluster.index);
      to.push(cluster.index + cluster[0].length);
    }
    normalized += piece;
  }
  const spans: TermSpan[] = [];
  for (const run of normalized.matchAll(RUN)) {
    for (const { term, start, length } of runTerms(run[0])) {
      const first = run.index + start;
      spans.push({ term, start: from[first]!, end: to[first + length - 1]! });
    }
  }
  return spans;
}

/** Term → occurrences. */
export function termFrequencies(terms: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

/** Single syllables of Hangul and Han runs; other runs whole. A coarser, recall-oriented view. */
export function syllableTerms(text: string): string[] {
  const terms: string[] = [];
  for (const run of scriptRuns(text)) {
    if (isSyllabic(run)) terms.push(...run);
    else terms.push(run);
  }
  return terms;
}
