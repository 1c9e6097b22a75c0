// A Korean corpus of any size for the scale benchmark, made offline from the evaluation
// split's passages (../shared/eval, see its README): their sentences recombined by a seeded
// PRNG into chunks of 300–900 characters, generated on demand so that a million chunks are
// never in memory at once. Only for measuring: the recombined text is never written out
// (the KorQuAD paragraphs are CC BY-ND and are passed on only unmodified).
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Deterministic PRNG (mulberry32): the same seed gives the same corpus on every run. */
export function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface ScaleChunk {
  document_id: string;
  chunk_index: number;
  title: string;
  source: string;
  text: string;
}

interface Passage {
  title: string;
  text: string;
}

/** Sentences shorter than this are joined to the next (PDF pages break lines mid-sentence). */
const MIN_SENTENCE = 40;
/** No sentence unit is longer than this; longer runs of text are cut at spaces. */
const MAX_SENTENCE = 400;
const CHUNK_CHARS = { min: 300, max: 900 } as const;
/** Chunks per document: 10–30, about 20 on average. */
const DOCUMENT_CHUNKS = { min: 10, max: 30 } as const;
/** Share of a chunk's sentences taken from its document's own topic (the rest from anywhere). */
const ON_TOPIC = 0.7;
const SOURCES = [
  "사내규정집.pdf",
  "고객상담_FAQ.html",
  "업무매뉴얼_v3.docx",
  "재정정보_보고서.pdf",
  "위키_문서.html",
  "정책자료집.pdf",
  "교육자료.pptx",
  "공지사항.html",
];

function readJsonl<T>(path: string): T[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as T);
}

/** A passage's text as sentence units of MIN_SENTENCE..MAX_SENTENCE characters (the last may be shorter). */
export function sentenceUnits(text: string): string[] {
  const pieces = text
    // PDF text layers keep bullet control characters.
    .replace(/[\u0000-\u0009\u000b-\u001f]/g, " ")
    .split(/(?<=[.!?。])\s+|\n+/)
    .map((piece) => piece.replace(/\s+/g, " ").trim())
    .filter((piece) => piece !== "");
  const units: string[] = [];
  let pending = "";
  const push = (unit: string) => {
    for (let rest = unit; rest.length > 0;) {
      if (rest.length <= MAX_SENTENCE) {
        units.push(rest);
        return;
      }
      const cut = rest.lastIndexOf(" ", MAX_SENTENCE);
      const at = cut > MAX_SENTENCE / 2 ? cut : MAX_SENTENCE;
      units.push(rest.slice(0, at).trim());
      rest = rest.slice(at).trim();
    }
  };
  for (const piece of pieces) {
    pending = pending ? `${pending} ${piece}` : piece;
    if (pending.length >= MIN_SENTENCE) {
      push(pending);
      pending = "";
    }
  }
  if (pending) push(pending);
  return units;
}

export interface SentencePool {
  /** Topic titles (a PDF's pages share one), each with its sentence units. */
  topics: { title: string; sentences: string[] }[];
  all: string[];
  passages: number;
  characters: number;
}

export function loadSentencePool(evalDir: string): SentencePool {
  const passages = readJsonl<Passage>(join(evalDir, "corpus.jsonl"));
  const byTitle = new Map<string, string[]>();
  let characters = 0;
  for (const passage of passages) {
    const title = passage.title.replace(/ \(p\.\d+\)$/, "");
    const sentences = byTitle.get(title) ?? [];
    sentences.push(...sentenceUnits(passage.text));
    byTitle.set(title, sentences);
    characters += passage.text.length;
  }
  const topics = [...byTitle].map(([title, sentences]) => ({ title, sentences })).filter((topic) => topic.sentences.length > 0);
  return { topics, all: topics.flatMap((topic) => topic.sentences), passages: passages.length, characters };
}

/** The evaluation questions (queries.jsonl), in file order. */
export function loadQuestions(evalDir: string): string[] {
  return readJsonl<{ question: string }>(join(evalDir, "queries.jsonl")).map((query) => query.question);
}

/**
 * An endless, deterministic stream of chunks: documents of 10–30 chunks, each document on
 * one topic (its title, ON_TOPIC of its sentences) from one of a few sources, each chunk
 * 300–900 characters of whole sentence units (a unit that would overrun is cut at a space).
 */
export function* scaleChunks(pool: SentencePool, seed = 20_240_601): Generator<ScaleChunk> {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  for (let document = 0; ; document++) {
    const topic = pick(pool.topics);
    const source = pick(SOURCES);
    const documentId = `doc-${String(document).padStart(7, "0")}`;
    const chunks = DOCUMENT_CHUNKS.min + Math.floor(next() * (DOCUMENT_CHUNKS.max - DOCUMENT_CHUNKS.min + 1));
    for (let index = 0; index < chunks; index++) {
      const target = CHUNK_CHARS.min + Math.floor(next() * (CHUNK_CHARS.max - CHUNK_CHARS.min + 1));
      let text = "";
      while (text.length < target) {
        const sentence = next() < ON_TOPIC ? pick(topic.sentences) : pick(pool.all);
        const joined = text ? `${text} ${sentence}` : sentence;
        if (joined.length <= CHUNK_CHARS.max) {
          text = joined;
          continue;
        }
        const cut = joined.lastIndexOf(" ", CHUNK_CHARS.max);
        text = cut >= CHUNK_CHARS.min ? joined.slice(0, cut) : joined.slice(0, CHUNK_CHARS.max);
        break;
      }
      yield { document_id: documentId, chunk_index: index, title: topic.title, source, text };
    }
  }
}

/** Takes up to `size` items of an iterator as one array (a batch). */
export function take<T>(items: Iterator<T>, size: number): T[] {
  const batch: T[] = [];
  while (batch.length < size) {
    const item = items.next();
    if (item.done) break;
    batch.push(item.value);
  }
  return batch;
}
