import { lexicalTerms, syllableTerms } from "../src/domain/korean-tokenizer";
import { NO_FILTERS } from "../src/domain/chunk.types";
import { createKoreanLexicalIndex } from "../src/storage/korean-lexical.index";
import { createInMemoryLexicalIndex } from "../src/storage/in-memory-lexical.index";

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

describe("Korean BM25 index", () => {
  const passages = [
    { chunkId: "p1", documentId: "d1", source: "위키", text: "서울의 인구는 약 940만 명이며 대한민국의 수도이다." },
    { chunkId: "p2", documentId: "d2", source: "위키", text: "부산은 항구 도시로 해운대 해수욕장이 유명하다. 🌊" },
    { chunkId: "p3", documentId: "d3", source: "보고서", text: "재정융자사업은 정부가 민간에 자금을 빌려주는 사업이다." },
  ];

  it("matches a query with a particle against a passage with another particle", () => {
    const index = createKoreanLexicalIndex();
    index.upsert("t", passages);
    expect(index.search("t", "서울에서 사는 사람은 몇 명인가?", 3, NO_FILTERS)[0]!.chunkId).toBe("p1");
    expect(index.search("t", "재정융자사업이란?", 3, NO_FILTERS)[0]!.chunkId).toBe("p3");
  });

  it("does not match whitespace words alone: a bigram index finds what a word index misses", () => {
    const words = createInMemoryLexicalIndex({ tokenize: (text) => text.split(/\s+/) });
    words.upsert("t", passages);
    expect(words.search("t", "서울에서", 3, NO_FILTERS)).toEqual([]);
    const bigrams = createInMemoryLexicalIndex();
    bigrams.upsert("t", passages);
    expect(bigrams.search("t", "서울에서", 3, NO_FILTERS).map((hit) => hit.chunkId)).toEqual(["p1"]);
  });

  it("applies document and source filters and keeps tenants apart", () => {
    const index = createKoreanLexicalIndex();
    index.upsert("가", passages);
    index.upsert("나", [{ chunkId: "q1", documentId: "e1", source: "위키", text: "서울의 지하철 노선도 🚇" }]);
    expect(index.search("가", "서울", 5, { documentIds: ["d2", "d3"], sources: [] }).map((hit) => hit.chunkId)).not.toContain("p1");
    expect(index.search("가", "사업", 5, { documentIds: [], sources: ["위키"] }).map((hit) => hit.chunkId)).not.toContain("p3");
    expect(index.search("나", "서울", 5, NO_FILTERS).map((hit) => hit.chunkId)).toEqual(["q1"]);
    expect(index.search("다", "서울", 5, NO_FILTERS)).toEqual([]);
  });

  it("replaces a chunk on upsert and forgets deleted documents, also after compaction", () => {
    const index = createInMemoryLexicalIndex();
    for (let round = 0; round < 3; round++) {
      index.upsert("t", Array.from({ length: 100 }, (_, i) => ({ chunkId: `c${i}`, documentId: `d${i % 10}`, source: "", text: `회차 ${round} 문서 ${i} 한라산 등반 기록` })));
    }
    expect(index.size("t")).toBe(100);
    expect(index.search("t", "한라산", 200, NO_FILTERS)).toHaveLength(100);
    index.deleteDocument("t", "d3");
    const hits = index.search("t", "한라산", 200, NO_FILTERS);
    expect(hits).toHaveLength(90);
    expect(hits.some((hit) => ["c3", "c13", "c93"].includes(hit.chunkId))).toBe(false);
  });
});
