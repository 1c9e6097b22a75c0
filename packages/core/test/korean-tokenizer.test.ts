import { lexicalTermSpans, lexicalTerms, syllableTerms } from "../src/text/korean-tokenizer";

describe("Korean lexical terms", () => {
  it("splits Hangul words into overlapping syllable bigrams so particles do not hide the stem", () => {
    expect(lexicalTerms("서울에서")).toEqual(["서울", "울에", "에서"]);
    expect(lexicalTerms("서울의")).toEqual(["서울", "울의"]);
    expect(lexicalTerms("서울에서").filter((term) => lexicalTerms("서울의").includes(term))).toEqual(["서울"]);
  });

  it("keeps one-syllable words, Latin words and numbers whole, lower-cased and NFKC-normalised", () => {
    expect(lexicalTerms("책 GPT-4 ２０２４년 🚀")).toEqual(["책", "gpt", "4", "2024", "년"]);
  });

  it("reads Hangul stored as decomposed jamo (as some PDF text layers hold it) like composed syllables", () => {
    const decomposed = "재정융자사업".normalize("NFD");
    expect(decomposed).not.toBe("재정융자사업");
    expect(lexicalTerms(decomposed)).toEqual(lexicalTerms("재정융자사업"));
  });

  it("gives Han characters bigrams like Hangul and drops punctuation and emoji", () => {
    expect(lexicalTerms("蓬萊山, 금강산!! 😀")).toEqual(["蓬萊", "萊山", "금강", "강산"]);
    expect(syllableTerms("금강산 OK")).toEqual(["금", "강", "산", "ok"]);
  });
});

describe("Korean lexical term spans", () => {
  it("gives the same terms as lexicalTerms, each with its place in the original text", () => {
    for (const text of ["서울에서 GPT-4를 썼다", "책 ２０２４년 🚀 ÉCOLE", "재정융자사업".normalize("NFD") + " 예산", "中國語 공부 😀😀 끝"]) {
      expect(lexicalTermSpans(text).map((span) => span.term)).toEqual(lexicalTerms(text));
    }
    const text = "🚀 서울에서 ＧＰＴ를";
    const spans = lexicalTermSpans(text);
    expect(spans.map(({ start, end }) => text.slice(start, end))).toEqual(["서울", "울에", "에서", "ＧＰＴ를"]);
  });

  it("maps full-width and upper-case text back to the characters as written", () => {
    const text = "회의록 ＡＢＣ Report 정리";
    expect(lexicalTermSpans(text).map(({ start, end }) => text.slice(start, end))).toEqual(["회의", "의록", "ＡＢＣ", "Report", "정리"]);
  });

  it("maps decomposed jamo back to the characters they were stored as", () => {
    const text = "예산 재정".normalize("NFD");
    const span = lexicalTermSpans(text).find((item) => item.term === "재정")!;
    expect(text.slice(span.start, span.end).normalize("NFC")).toBe("재정");
  });
});
