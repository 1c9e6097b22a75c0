import { lexicalTermSpans, lexicalTerms, normalizeText, termFrequencies } from "@chatbot/core";
import type { MessageStatus, SessionRecord } from "./session.types";

/**
 * Search of a tenant's conversations by words. Terms are document search's (@chatbot/core's
 * Korean tokenizer: syllable bigrams of Hangul, whole Latin words and numbers), so a word
 * found in a document is found in a conversation the same way.
 */

/** Only finished content is searchable: what listings show (`streaming` and `failed` text is not). */
export function isSearchable(status: MessageStatus): boolean {
  return status === "complete" || status === "interrupted";
}

/** A title's terms count this many times: a title names what the whole conversation is about. */
export const TITLE_WEIGHT = 2;

/**
 * A tenant-wide search reads at most this many sessions' postings of each term, those where
 * it occurs most: a term found in every session then costs no more than this. It only
 * matters for terms in more sessions than this (common syllable pairs such as 니다, whose
 * IDF is small anyway); a session is missed only if none of the query's terms has it among
 * its top sessions. One owner's search reads all of the term's postings (and keeps the owner's).
 */
export const POSTINGS_PER_TERM = 1000;

/** About this many characters of text around the first match make a snippet. */
export const SNIPPET_CHARACTERS = 140;
/** The snippet starts up to this many characters before the first match, so it reads in context. */
const SNIPPET_LEAD = 40;
/**
 * Of one session, at most this many messages (those holding the most query weight as a
 * substring, then the newest) are read to pick its snippet.
 */
export const SNIPPET_MESSAGES_PER_SESSION = 3;

/** What one write adds to a session's postings: per term, occurrences in messages and in the title. */
export interface TermCounts {
  terms: string[];
  messageCounts: number[];
  titleCounts: number[];
  /** Term occurrences the messages add to the session (BM25's document length). */
  length: number;
}

/** The postings of a message's content (null: none, or not searchable) and of a title (null: unchanged). */
export function postingsOf(content: string | null, title: string | null): TermCounts {
  const messageTerms = termFrequencies(content === null ? [] : lexicalTerms(content));
  const titleTerms = termFrequencies(title === null ? [] : lexicalTerms(title));
  const terms = [...new Set([...messageTerms.keys(), ...titleTerms.keys()])];
  let length = 0;
  for (const count of messageTerms.values()) length += count;
  return { terms, messageCounts: terms.map((term) => messageTerms.get(term) ?? 0), titleCounts: terms.map((term) => titleTerms.get(term) ?? 0), length };
}

/** A query's distinct terms; none when it holds no letters or digits. */
export function queryTerms(query: string): string[] {
  return [...new Set(lexicalTerms(query))];
}

/** A session the postings ranked, before its snippet is chosen. */
export interface ScoredSession {
  session: SessionRecord;
  score: number;
}

/** A message of a ranked session that may hold a match (the store may over-include, never miss a plain one). */
export interface CandidateMessage {
  sessionId: string;
  messageId: string;
  content: string;
}

export interface Highlight {
  /** UTF-16 code units into the snippet, as JavaScript indexes strings; `end` exclusive. */
  start: number;
  end: number;
}

export interface SessionSearchHit extends ScoredSession {
  snippet: string;
  highlights: Highlight[];
  /** The snippet's message; null when the snippet is the title. */
  messageId: string | null;
}

/**
 * How well a text matches: the IDF weights of the distinct query terms it holds, then how
 * often they occur (a text that holds the rare word beats one repeating the common one).
 */
function matchOf(text: string, weights: ReadonlyMap<string, number>): { weight: number; occurrences: number } {
  const normalized = normalizeText(text);
  let weight = 0;
  let occurrences = 0;
  const seen = new Set<string>();
  // Cheap test first: most candidates the store sends hold a term as a substring.
  if (![...weights.keys()].some((term) => normalized.includes(term))) return { weight, occurrences };
  for (const term of lexicalTerms(text)) {
    if (!weights.has(term)) continue;
    occurrences++;
    if (!seen.has(term)) {
      seen.add(term);
      weight += weights.get(term)!;
    }
  }
  return { weight, occurrences };
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * A window of about SNIPPET_CHARACTERS around the first match of `text`, with the matched
 * terms' places in it (overlapping bigrams of one word merged into one mark). Null when
 * nothing matches. Line breaks and tabs become spaces (one for one, so offsets hold).
 */
export function snippetOf(text: string, terms: ReadonlySet<string>): { snippet: string; highlights: Highlight[] } | null {
  const spans = lexicalTermSpans(text).filter((span) => terms.has(span.term));
  const first = spans[0];
  if (!first) return null;
  let start = Math.max(0, first.start - SNIPPET_LEAD);
  let end = Math.min(text.length, start + SNIPPET_CHARACTERS);
  start = Math.max(0, Math.min(start, end - SNIPPET_CHARACTERS));
  // Start after a space near the cut, and end before one, so words are not split where it is cheap.
  if (start > 0) {
    const space = text.slice(start, first.start).search(/\s/u);
    if (space >= 0 && space < 15) start += space + 1;
  }
  if (end < text.length) {
    const tail = text.slice(Math.max(first.end, end - 15), end);
    const space = tail.search(/\s\S*$/u);
    if (space >= 0) end = Math.max(first.end, end - 15) + space;
  }
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start++;
  if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
  const highlights: Highlight[] = [];
  for (const span of spans) {
    if (span.end <= start || span.start >= end) continue;
    const mark = { start: Math.max(span.start, start) - start, end: Math.min(span.end, end) - start };
    const last = highlights.at(-1);
    if (last && mark.start <= last.end) last.end = Math.max(last.end, mark.end);
    else highlights.push(mark);
  }
  return { snippet: text.slice(start, end).replace(/[\r\n\t\f\v]/gu, " "), highlights };
}

/**
 * Each ranked session with the snippet of its best-matching message or title (the best
 * by `matchOf`; on a tie the title, then the candidates in the store's order).
 * A session whose match the candidates do not show (text the store's substring test misses)
 * gets its title, or nothing, unmarked.
 */
export function withSnippets(ranked: readonly ScoredSession[], candidates: readonly CandidateMessage[], weights: ReadonlyMap<string, number>): SessionSearchHit[] {
  const terms = new Set(weights.keys());
  const bySession = new Map<string, CandidateMessage[]>();
  for (const candidate of candidates) {
    const list = bySession.get(candidate.sessionId) ?? [];
    list.push(candidate);
    bySession.set(candidate.sessionId, list);
  }
  return ranked.map(({ session, score }) => {
    const texts: Array<{ messageId: string | null; text: string }> = [];
    if (session.title !== null) texts.push({ messageId: null, text: session.title });
    for (const candidate of bySession.get(session.id) ?? []) texts.push({ messageId: candidate.messageId, text: candidate.content });
    let best: { messageId: string | null; text: string; weight: number; occurrences: number } | null = null;
    for (const item of texts) {
      const match = matchOf(item.text, weights);
      if (match.weight === 0) continue;
      if (!best || match.weight > best.weight || (match.weight === best.weight && match.occurrences > best.occurrences)) best = { ...item, ...match };
    }
    const shown = best ? snippetOf(best.text, terms) : null;
    if (best && shown) return { session, score, messageId: best.messageId, ...shown };
    return { session, score, messageId: null, snippet: (session.title ?? "").slice(0, SNIPPET_CHARACTERS), highlights: [] };
  });
}
