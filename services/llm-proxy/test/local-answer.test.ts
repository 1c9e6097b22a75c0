import { NO_LLM_ANSWER, composeLocalAnswer } from "../src/clients/providers/local-answer";
import type { ContextPassage } from "../src/domain/generation.types";

const passage = (number: number, title: string, text: string, page = 0): ContextPassage => ({ number, documentId: `문서-${number}`, title, page, chunkIndex: 0, text });

describe("the local provider's answer", () => {
  it("says plainly that no LLM is configured when there is nothing to answer from", () => {
    expect(composeLocalAnswer([{ role: "user", content: "안녕?" }], [])).toBe(NO_LLM_ANSWER);
    expect(NO_LLM_ANSWER).toContain("LLM이 없어");
  });

  it("quotes the most relevant passages first and cites them with their own numbers", () => {
    const answer = composeLocalAnswer(
      [{ role: "user", content: "주차 요금은 얼마인가요?" }],
      [
        passage(1, "시설 안내", "도서관은 오전 9시에 문을 엽니다."),
        passage(2, "주차 안내", "주차 요금은 시간당 2,000원이며 30분까지는 무료입니다.", 5),
        passage(3, "식당 안내", "구내식당 점심은 6,000원입니다."),
      ],
    );
    const lines = answer.split("\n");
    expect(lines[2]).toBe("- 주차 요금은 시간당 2,000원이며 30분까지는 무료입니다. [2]");
    expect(answer).toContain("[2] 주차 안내 (5쪽)");
    expect(answer).not.toContain("구내식당");
  });

  it("keeps long passages to the sentences that match the question", () => {
    const filler = "이 문단은 질문과 관계없는 긴 설명입니다. ".repeat(20);
    const answer = composeLocalAnswer(
      [{ role: "user", content: "반납 기한은 언제까지인가요?" }],
      [passage(1, "대출 규정", `${filler}도서 반납 기한은 대출일로부터 14일입니다. ${filler}`)],
    );
    expect(answer).toContain("도서 반납 기한은 대출일로부터 14일입니다.");
    expect(answer.length).toBeLessThan(600);
  });
});
