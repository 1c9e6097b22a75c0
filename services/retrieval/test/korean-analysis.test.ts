import { createKoreanAnalysis, documentTermWeights, KOREAN_ANALYSIS, type KoreanAnalysis, queryTermWeights } from "../src/domain/korean-analysis";
import { inverseDocumentFrequency } from "@chatbot/core";

interface Passage {
  id: string;
  title: string;
  text: string;
}

const DEFAULT_ANALYSIS: KoreanAnalysis = { documentTermWeights, queryTermWeights };

/**
 * Ids best first, scored as every store scores: Σ over query terms of query weight · idf ·
 * chunk weight, idf over the passages given; only passages that share a term.
 */
function rank(passages: readonly Passage[], query: string, analysis: KoreanAnalysis = DEFAULT_ANALYSIS): string[] {
  const weights = passages.map((passage) => analysis.documentTermWeights(passage));
  const scores = passages.map((passage, index) => {
    let score = 0;
    for (const [term, queryWeight] of analysis.queryTermWeights(query)) {
      const chunkWeight = weights[index]!.get(term);
      if (chunkWeight === undefined) continue;
      const withTerm = weights.filter((map) => map.has(term)).length;
      score += queryWeight * inverseDocumentFrequency(passages.length, withTerm) * chunkWeight;
    }
    return { id: passage.id, score };
  });
  return scores
    .filter((entry) => entry.score > 0)
    .sort((a, b) => b.score - a.score)
    .map((entry) => entry.id);
}

const passages: Passage[] = [
  { id: "seoul", title: "서울특별시", text: "서울의 인구는 약 940만 명이며 대한민국의 수도이다." },
  { id: "busan", title: "부산광역시", text: "부산은 항구 도시로 해운대 해수욕장이 유명하다." },
  { id: "loans", title: "재정융자", text: "재정 융자 사업은 정부가 민간에 자금을 빌려주고 회수하는 활동이다." },
  { id: "budget", title: "예산 개요", text: "정부 사업의 예산은 국회의 심의를 거쳐 확정된다. 2024년 예산은 656.6조 원이다." },
  { id: "gpt", title: "언어 모델", text: "GPT-4는 2023년에 공개된 대규모 언어 모델이다." },
];

describe("Korean keyword analysis", () => {
  it("finds a passage whose words carry other particles than the question's", () => {
    expect(rank(passages, "서울에서 사는 사람은 몇 명인가?")[0]).toBe("seoul");
    expect(rank(passages, "부산에는 어떤 해수욕장이 있나?")[0]).toBe("busan");
  });

  it("finds a passage that writes a compound noun with spaces from the compound in the question", () => {
    const spaced = passages
      .filter((passage) => passage.id !== "loans")
      .concat({ id: "loans", title: "정책 금융", text: "재정 융자 사업은 정부가 민간에 자금을 빌려주고 회수하는 활동이다." });
    expect(rank(spaced, "재정융자사업이란 무엇인가?")[0]).toBe("loans");
  });

  it("matches Latin words and numbers whatever their case or width", () => {
    expect(rank(passages, "gpt-4는 언제 나왔나?")[0]).toBe("gpt");
    expect(rank(passages, "２０２４년 예산은 얼마인가?")[0]).toBe("budget");
  });

  it("ranks a passage whose title names the question's topic above one that only mentions it", () => {
    const articles: Passage[] = [
      { id: "named", title: "금강산", text: "여름에는 봉래산, 가을에는 풍악산, 겨울에는 개골산이라 부른다." },
      { id: "mentions", title: "강원도의 관광", text: "금강산 관광은 1998년에 시작되었다. 겨울에도 금강산 관광객이 많다." },
      { id: "other", title: "설악산", text: "설악산은 강원도에 있는 산으로 가을 단풍이 유명하다." },
    ];
    const question = "금강산을 겨울에 부르는 이름은?";
    expect(rank(articles, question)[0]).toBe("named");
    // The case turns on the title's weight: counted once, the title loses to two mentions in a text.
    expect(rank(articles, question, createKoreanAnalysis({ ...KOREAN_ANALYSIS, titleWeight: 1 }))[0]).toBe("mentions");
  });

  it("prefers a passage about the question to a long one that mentions its words once among much else", () => {
    const filler = "이 문서는 여러 지역의 역사와 문화, 교통과 산업을 두루 다룬다. ".repeat(30);
    const focused: Passage = { id: "focused", title: "", text: "해운대 해수욕장은 부산에 있다." };
    const long: Passage = { id: "long", title: "", text: `${filler}해운대 해수욕장도 있다. ${filler}` };
    expect(rank([long, focused, ...passages.slice(2)], "해운대 해수욕장")).toEqual(["focused", "long"]);
  });

  it("does not let one word repeated many times outweigh a passage that matches more of the question", () => {
    const repeated: Passage = { id: "repeated", title: "", text: "예산 ".repeat(40) };
    const matching: Passage = { id: "matching", title: "", text: "국회는 정부의 예산을 심의하여 확정한다." };
    expect(rank([repeated, matching, ...passages.slice(0, 2)], "국회가 예산을 심의하고 확정하는 절차")[0]).toBe("matching");
  });

  it("weighs each distinct query term once and every chunk term by a positive, saturating weight", () => {
    expect(queryTermWeights("서울 서울 서울")).toEqual(new Map([["서울", 1]]));
    const once = documentTermWeights({ title: "", text: "서울" }).get("서울")!;
    const often = documentTermWeights({ title: "", text: "서울 ".repeat(50) }).get("서울")!;
    expect(once).toBeGreaterThan(0);
    expect(often).toBeGreaterThan(once);
    expect(often).toBeLessThan(2.2); // k1 + 1 bounds a saturated frequency
    expect(documentTermWeights({ title: "서울", text: "서울" }).get("서울")).toBeGreaterThan(once);
  });
});
