import { lexicalTerms, saturatedFrequency, termFrequencies } from "@chatbot/core";

/**
 * What the keyword side indexes of a chunk and looks for in a query. The store only
 * multiplies a query term's weight, its IDF and the chunk's term weight and sums them;
 * everything else about BM25 is decided here, once, for every store.
 *
 * Terms are the character bigrams of @chatbot/core's korean-tokenizer.ts (session search
 * uses the same). Each knob below was kept only
 * if it won on both halves of the evaluation questions split by document, tuned on one
 * and measured on the other (bench/retrieval/analysis-cv.ts); what did not (a mecab-ko
 * morpheme field, other average lengths, a third title count, joined digit groups) is
 * measured there too.
 *
 * - k1 and b: @chatbot/core's BM25 (the textbook values, not tuned).
 */

export interface KoreanAnalysisSettings {
  /**
   * Title terms count this many times: a title names the topic its passages rarely
   * repeat. 2 won on both held-back halves (+1 question of ~100 in each) and lost on
   * none of 40 random held-back halves; 3 gains nothing over 2 and ranks fewer PDF
   * pages first.
   */
  titleWeight: number;
  /**
   * BM25 normalises a chunk's length by the corpus average; the store keeps no running
   * statistics (that would be state every replica must share), so the average is a
   * constant: a full ingest chunk of 1000 characters holds about 480 bigram terms.
   * No other value won on both halves.
   */
  averageTerms: number;
}

export const KOREAN_ANALYSIS: KoreanAnalysisSettings = { titleWeight: 2, averageTerms: 500 };
export const TITLE_WEIGHT = KOREAN_ANALYSIS.titleWeight;
export const AVERAGE_TERMS = KOREAN_ANALYSIS.averageTerms;

/**
 * Term → BM25 weight of one field of a chunk: text terms once, title terms titleWeight
 * times each, normalised by the field's own length against averageTerms.
 */
export function fieldTermWeights(textTerms: readonly string[], titleTerms: readonly string[], settings: KoreanAnalysisSettings): Map<string, number> {
  const counts = termFrequencies(textTerms);
  for (const term of titleTerms) counts.set(term, (counts.get(term) ?? 0) + settings.titleWeight);
  let length = 0;
  for (const count of counts.values()) length += count;
  const weights = new Map<string, number>();
  for (const [term, count] of counts) weights.set(term, saturatedFrequency(count, length, settings.averageTerms));
  return weights;
}

export interface KoreanAnalysis {
  documentTermWeights(chunk: { title: string; text: string }): Map<string, number>;
  queryTermWeights(query: string): Map<string, number>;
}

/** The analysis with other settings (the evaluation compares them). */
export function createKoreanAnalysis(settings: KoreanAnalysisSettings): KoreanAnalysis {
  return {
    documentTermWeights: (chunk) => fieldTermWeights(lexicalTerms(chunk.text), lexicalTerms(chunk.title), settings),
    queryTermWeights: (query) => new Map([...new Set(lexicalTerms(query))].map((term) => [term, 1])),
  };
}

const analysis = createKoreanAnalysis(KOREAN_ANALYSIS);

/** Term → weight of a chunk (title and text) on the keyword side. */
export function documentTermWeights(chunk: { title: string; text: string }): Map<string, number> {
  return analysis.documentTermWeights(chunk);
}

/** Term → weight of a query: each distinct term once. */
export function queryTermWeights(query: string): Map<string, number> {
  return analysis.queryTermWeights(query);
}
