/**
 * Sentence boundaries for Korean (and mixed Korean/English) prose.
 *
 * A sentence ends at terminal punctuation (. ? ! 。 ？ ！ …, repeated or followed by a
 * closing quote or bracket) before whitespace or the end: this covers the Korean endings
 * 다. 요. 죠. 까? 니다. 습니까? as well as English. It does not end after a decimal point
 * (3.14), a list number ("1. "), a single-letter abbreviation (U.S.), or quoted speech
 * that the sentence goes on from ("안녕하세요." 하고 말했다). Text extracted from PDFs often loses the period at a line break, so a line that
 * ends in a Korean sentence-final ending (…니다, …요, …죠, …까, …었다, …이다) ends a sentence too.
 */
// Full-width 。？！ end a sentence even when the next one follows without a space.
const TERMINAL = /[.?!…]+["'”’」』)\]]*(?=\s|$)|[。？！]+["'”’」』)\]]*/gu;
const KOREAN_FINAL_AT_LINE_END = /(?:니다|[가-힣]요|죠|[가-힣]까|[었였했겠한는된있없같이렸졌]다)(?=[ \t]*\n)/gu;
const LIST_NUMBER = /(?:^|\s)\d{1,3}$/;
// Quoted speech goes on after the quote: "…요." 하고 말했다 / "…다."라고 했다.
const QUOTE_CONTINUES = /^\s*(?:라고|하고|하며|라며|고\s)/u;
const CLOSING_QUOTE = /["'”’」』]$/u;
const SINGLE_LETTER = /(?:^|[\s.])[A-Za-z]$/;

/** Splits a paragraph into sentences; whitespace inside each one is collapsed to single spaces. */
export function splitSentences(paragraph: string): string[] {
  const ends = new Set<number>();
  for (const match of paragraph.matchAll(TERMINAL)) {
    const before = paragraph.slice(0, match.index);
    if (match[0] === "." && (LIST_NUMBER.test(before) || SINGLE_LETTER.test(before))) continue;
    const end = match.index + match[0].length;
    if (CLOSING_QUOTE.test(match[0]) && QUOTE_CONTINUES.test(paragraph.slice(end))) continue;
    ends.add(end);
  }
  for (const match of paragraph.matchAll(KOREAN_FINAL_AT_LINE_END)) ends.add(match.index + match[0].length);

  const sentences: string[] = [];
  let start = 0;
  for (const end of [...ends].sort((a, b) => a - b)) {
    pushCollapsed(sentences, paragraph.slice(start, end));
    start = end;
  }
  pushCollapsed(sentences, paragraph.slice(start));
  return sentences;
}

function pushCollapsed(target: string[], text: string): void {
  const collapsed = text.replace(/\s+/g, " ").trim();
  if (collapsed !== "") target.push(collapsed);
}
