/**
 * A model-free summary of conversation turns: the first sentence of each turn, plus every
 * sentence that carries a number (dates, amounts, ids), within a length budget. When the
 * budget is short, sentences without numbers go first, oldest first; those with numbers are
 * dropped last. Lines of an earlier summary are kept as they are (they were chosen already).
 */
export interface SummaryPart {
  /** "summary" for an earlier summary's text; otherwise who said it. */
  role: "summary" | "user" | "assistant" | "system";
  content: string;
}

const ROLE_LABELS: Record<SummaryPart["role"], string> = { summary: "", user: "사용자", assistant: "어시스턴트", system: "시스템" };

/** Sentence ends: Latin and CJK punctuation, and Korean endings such as 다. 요. 까? 죠. (a space or the end follows). */
const SENTENCE_END = /(?<=[.!?。！？…])\s+|\n+/u;
const HAS_NUMBER = /\p{N}/u;
/** Sentences taken from one turn besides its first: those with numbers, at most this many. */
const NUMBERED_SENTENCES_PER_TURN = 3;

export function splitSentences(text: string): string[] {
  return text
    .split(SENTENCE_END)
    .map((sentence) => sentence.replace(/\s+/g, " ").trim())
    .filter((sentence) => sentence.length > 0);
}

interface Line {
  text: string;
  order: number;
  numbered: boolean;
}

export function extractiveSummary(parts: readonly SummaryPart[], maxCharacters: number): string {
  const lines: Line[] = [];
  for (const part of parts) {
    if (part.role === "summary") {
      for (const text of part.content.split("\n").map((line) => line.trim())) {
        if (text) lines.push({ text, order: lines.length, numbered: HAS_NUMBER.test(text) });
      }
      continue;
    }
    const sentences = splitSentences(part.content);
    const chosen = new Set<number>(sentences.length > 0 ? [0] : []);
    let numbered = 0;
    sentences.forEach((sentence, index) => {
      if (index > 0 && numbered < NUMBERED_SENTENCES_PER_TURN && HAS_NUMBER.test(sentence)) {
        chosen.add(index);
        numbered += 1;
      }
    });
    if (chosen.size === 0) continue;
    const text = `- ${ROLE_LABELS[part.role]}: ${[...chosen]
      .sort((a, b) => a - b)
      .map((index) => sentences[index])
      .join(" ")}`;
    lines.push({ text, order: lines.length, numbered: HAS_NUMBER.test(text) });
  }
  // Drop lines without numbers (oldest first), then numbered ones (oldest first), until it fits.
  const kept = [...lines];
  const length = () => kept.reduce((sum, line) => sum + line.text.length + 1, 0);
  for (const numbered of [false, true]) {
    for (const line of lines) {
      if (length() <= maxCharacters) break;
      if (line.numbered !== numbered) continue;
      kept.splice(kept.indexOf(line), 1);
    }
  }
  const text = kept
    .sort((a, b) => a.order - b.order)
    .map((line) => line.text)
    .join("\n");
  return text.length <= maxCharacters ? text : text.slice(0, Math.max(0, maxCharacters - 1)) + "…";
}
