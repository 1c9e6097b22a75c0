import { extractiveSummary } from "@chatbot/core";
import type { ChatMessage, ContextPassage } from "../../domain/generation.types";

/** Said when there is neither a model nor a passage to answer from. */
export const NO_LLM_ANSWER =
  "현재 연결된 LLM이 없어 질문에 직접 답변을 만들 수 없습니다. " +
  "관리자가 LLM_PROVIDER(openai, anthropic, llm-server)를 설정하면 답변을 생성합니다. " +
  "문서를 올려 두시면 질문과 관련된 부분을 찾아 출처와 함께 보여 드립니다.";

const MAX_PASSAGES = 3;
const MAX_EXCERPT_CHARS = 320;

/**
 * The model-free answer: the passages that share the most character bigrams with the
 * question (bigrams work for Korean without a morphological analyser), quoted and
 * cited as [n], followed by their sources.
 */
export function composeLocalAnswer(messages: ChatMessage[], passages: ContextPassage[]): string {
  if (passages.length === 0) return NO_LLM_ANSWER;
  const question = [...messages].reverse().find((message) => message.role === "user")?.content ?? "";
  const questionGrams = bigrams(question);
  const ranked = passages
    .map((passage, index) => ({ passage, number: passage.number > 0 ? passage.number : index + 1, score: overlap(questionGrams, bigrams(passage.text)) }))
    .sort((a, b) => b.score - a.score || a.number - b.number);
  const relevant = ranked.filter((entry) => entry.score > 0);
  const chosen = (relevant.length > 0 ? relevant : ranked).slice(0, MAX_PASSAGES);

  const lines = ["LLM이 설정되어 있지 않아, 검색된 문서에서 질문과 가장 관련 있는 내용을 그대로 옮겨 드립니다.", ""];
  for (const entry of chosen) lines.push(`- ${excerpt(entry.passage.text, questionGrams)} [${entry.number}]`);
  lines.push("", "출처:");
  for (const entry of chosen) lines.push(`[${entry.number}] ${describeSource(entry.passage)}`);
  return lines.join("\n");
}

/**
 * The model-free summary of a "summary" request: an earlier summary's lines (its system
 * messages) kept, then the first sentence of each turn and those carrying numbers, within
 * `maxTokens` characters (Korean text takes about a token a character or less, so the summary
 * stays about within the tokens asked for; the session service cuts what it stores to SUMMARY_MAX_TOKENS in any case).
 */
export function composeLocalSummary(messages: ChatMessage[], maxTokens: number): string {
  return extractiveSummary(
    messages.map((message) => ({ role: message.role === "system" ? "summary" : message.role, content: message.content })),
    maxTokens,
  );
}

function describeSource(passage: ContextPassage): string {
  const title = passage.title || passage.documentId || "제목 없는 문서";
  return passage.page > 0 ? `${title} (${passage.page}쪽)` : title;
}

/** The passage's sentences most related to the question, in their original order, within a length budget. */
function excerpt(text: string, questionGrams: Set<string>): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= MAX_EXCERPT_CHARS) return clean;
  const sentences = clean.split(/(?<=[.!?。]|다\.|요\.)\s+/);
  const ranked = sentences
    .map((sentence, index) => ({ sentence, index, score: overlap(questionGrams, bigrams(sentence)) }))
    .sort((a, b) => b.score - a.score || a.index - b.index);
  const kept: typeof ranked = [];
  let length = 0;
  for (const entry of ranked) {
    if (length + entry.sentence.length > MAX_EXCERPT_CHARS && kept.length > 0) continue;
    kept.push(entry);
    length += entry.sentence.length + 1;
  }
  const joined = kept
    .sort((a, b) => a.index - b.index)
    .map((entry) => entry.sentence)
    .join(" ");
  return joined.length > MAX_EXCERPT_CHARS ? `${joined.slice(0, MAX_EXCERPT_CHARS)}…` : joined;
}

function bigrams(text: string): Set<string> {
  const compact = text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ");
  const grams = new Set<string>();
  for (const word of compact.split(" ")) {
    if (word.length === 1) grams.add(word);
    for (let index = 0; index + 1 < word.length; index += 1) grams.add(word.slice(index, index + 2));
  }
  return grams;
}

function overlap(question: Set<string>, candidate: Set<string>): number {
  let shared = 0;
  for (const gram of candidate) if (question.has(gram)) shared += 1;
  return shared;
}
