import { retrievalQueryOf } from "../src/domain/chat/retrieval-query";

describe("the search query of a chat message", () => {
  it("is the whole message up to the limit", () => {
    expect(retrievalQueryOf("연말정산 서류 마감일은?", 100)).toBe("연말정산 서류 마감일은?");
    expect(retrievalQueryOf("가".repeat(100), 100)).toBe("가".repeat(100));
  });

  it("is the end of a longer message, from a word boundary", () => {
    const query = retrievalQueryOf(`${"앞부분 ".repeat(100)}마지막 질문입니다`, 50);
    expect(query.length).toBeLessThanOrEqual(50);
    expect(query.endsWith("마지막 질문입니다")).toBe(true);
    expect(query.startsWith("앞부분 ") || query.startsWith("마지막")).toBe(true);
  });

  it("never starts inside a surrogate pair when there is no boundary", () => {
    const query = retrievalQueryOf("😀".repeat(300), 101);
    expect(query.length).toBe(100);
    expect(query).toBe("😀".repeat(50));
  });
});
