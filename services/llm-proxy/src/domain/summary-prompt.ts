import type { ChatMessage } from "./generation.types";

/**
 * A "summary" request carries the conversation to fold: system messages are an earlier
 * summary to keep, user and assistant messages the turns that follow it, oldest first.
 */

/** What a model is asked to do with them. */
export const SUMMARY_INSTRUCTION =
  "다음은 대화의 앞부분입니다. 이후 대화에서 참고할 수 있도록 핵심만 간결하게 요약하세요. " +
  "이름, 숫자, 날짜, 사번·주문번호 같은 식별자, 사용자가 밝힌 사실과 요청은 빠짐없이 그대로 남기세요. " +
  "이전 요약이 있으면 그 내용도 유지하며 합치세요. 요약문만 답하세요.";

const SPEAKERS: Record<ChatMessage["role"], string> = { system: "이전 요약", user: "사용자", assistant: "어시스턴트" };

/** The request as an ordinary chat for a model: the instruction, then the conversation as one transcript. */
export function summaryPrompt(messages: ChatMessage[]): ChatMessage[] {
  const transcript = messages.map((message) => `${SPEAKERS[message.role]}: ${message.content}`).join("\n\n");
  return [
    { role: "system", content: SUMMARY_INSTRUCTION },
    { role: "user", content: transcript },
  ];
}
