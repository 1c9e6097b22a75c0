import { dirname, join } from "node:path";
import { builder, type KoreanToken, type Tokenizer } from "kuromoji-ko";
import { normalizeText } from "@chatbot/core";

/**
 * Korean morphemes from mecab-ko-dic (through kuromoji-ko, a JavaScript port of MeCab's
 * Viterbi search): what a question and a passage share even when their character
 * bigrams do not, e.g. the stem 살 of 사는 and 살았다, or the one-syllable noun 꽃 of 꽃이.
 * A candidate field of the keyword analysis, measured by bench/retrieval/analysis-cv.ts
 * (it did not win there, so the service does not depend on it).
 *
 * The dictionary is about 28 MB on disk and takes seconds and some 300 MB to load, so it
 * is loaded once per process by `loadKoreanMorphology()`, awaited before any text is
 * analysed. `morphemeTerms` is synchronous and, once the dictionary is loaded, a pure
 * function of its text; called before, it throws rather than return no morphemes.
 */

let tokenizer: Tokenizer | undefined;
let loading: Promise<void> | undefined;

/** Where kuromoji-ko ships mecab-ko-dic (its package exports no path, so from its entry file). */
function dictionaryDirectory(): string {
  return join(dirname(require.resolve("kuromoji-ko")), "..", "dict");
}

/** Loads the dictionary once; concurrent and later calls share the same load. A failed load may be retried. */
export function loadKoreanMorphology(): Promise<void> {
  loading ??= builder({ dicPath: dictionaryDirectory() })
    .build()
    .then((built) => {
      tokenizer = built;
    })
    .catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
  return loading;
}

/** Which morphemes become terms. */
export interface MorphemeOptions {
  /** Dependent nouns and units (NNB, NNBC: 것, 수, 년, 원, 명). */
  dependentNouns: boolean;
  /** Adjacent nouns written without a space also as one compound (청년일자리창출지원). */
  nounRuns: boolean;
}

export const DEFAULT_MORPHEME_OPTIONS: MorphemeOptions = { dependentNouns: true, nounRuns: true };

const NOUNS = new Set(["NNG", "NNP", "XR", "SH"]);
const DEPENDENT_NOUNS = new Set(["NNB", "NNBC"]);
const STEMS = new Set(["VV", "VA"]);
const LITERALS = new Set(["SL", "SN"]);

/** The first tag of a token ("VV+EP" → VV). */
function firstTag(token: KoreanToken): string {
  return token.pos.split("+")[0]!;
}

/**
 * Morpheme terms of a text, repeated as often as they occur: nouns and roots (compounds
 * whole and split), verb and adjective stems in dictionary form, numbers and foreign words.
 * Particles, endings, suffixes and symbols are left out.
 */
export function morphemeTerms(text: string, options: MorphemeOptions = DEFAULT_MORPHEME_OPTIONS): string[] {
  if (!tokenizer) throw new Error("Korean morphology is not loaded: await loadKoreanMorphology() first");
  const terms: string[] = [];
  let run: string[] = [];
  const endRun = () => {
    if (options.nounRuns && run.length > 1) terms.push(run.join(""));
    run = [];
  };
  for (const token of tokenizer.tokenize(normalizeText(text))) {
    const tag = firstTag(token);
    const surface = token.surface_form;
    if (NOUNS.has(tag) || (options.dependentNouns && DEPENDENT_NOUNS.has(tag))) {
      terms.push(surface);
      if (token.type === "Compound") {
        for (const part of token.parts) if (part.surface !== surface && part.pos.startsWith("N")) terms.push(part.surface);
      }
      if (tag !== "SH" && !DEPENDENT_NOUNS.has(tag)) run.push(surface);
      else endRun();
      continue;
    }
    endRun();
    if (STEMS.has(tag)) {
      // An inflected token's first part is its stem in dictionary form (사는 → 살, 매겼 → 매기).
      const stem = token.type === "Inflect" ? (token.parts[0]?.surface ?? surface) : surface;
      terms.push(stem);
    } else if (LITERALS.has(tag)) {
      terms.push(surface);
    }
  }
  endRun();
  return terms;
}
