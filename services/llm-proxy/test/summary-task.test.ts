import { SUMMARY_MAX_TOKENS, extractiveSummary } from "@chatbot/core";
import { callUnary, type llmV1 } from "@chatbot/grpc";
import { countTextTokens } from "@chatbot/tokens";
import { type LlmUpstream, startLlmUpstream } from "@chatbot/testkit";
import { SUMMARY_INSTRUCTION } from "../src/domain/summary-prompt";
import { startProxyOverGrpc, type ProxyOverGrpc } from "./support/grpc-client";

const FACT_TURN = "제 이름은 김민수이고 사번은 4821입니다. 오늘은 날씨가 참 좋네요. 배송 문의를 드리려고 해요.";
const CONVERSATION: llmV1.GenerateRequest["messages"] = [
  { role: "user", content: FACT_TURN },
  { role: "assistant", content: "안녕하세요, 김민수 님! 무엇을 도와드릴까요? 주문 번호를 알려 주시면 확인해 드리겠습니다." },
  { role: "user", content: "주문한 책이 아직 안 왔어요. 주문 번호는 A-1093이고 지난 월요일에 결제했습니다. 언제쯤 받을 수 있을까요?" },
];
const SUMMARY_REQUEST: llmV1.GenerateRequest = {
  task: "summary",
  messages: CONVERSATION,
  max_new_tokens: SUMMARY_MAX_TOKENS,
  do_sample: false,
  caller_id: "테넌트-요약",
};

describe("the extractive summary", () => {
  it("keeps each turn's first sentence and the sentences with numbers, split at Korean sentence endings", () => {
    const summary = extractiveSummary(
      CONVERSATION.map((message) => ({ role: message.role as "user" | "assistant", content: message.content ?? "" })),
      SUMMARY_MAX_TOKENS,
    );
    expect(summary.split("\n")).toEqual([
      "- 사용자: 제 이름은 김민수이고 사번은 4821입니다.",
      "- 어시스턴트: 안녕하세요, 김민수 님!",
      "- 사용자: 주문한 책이 아직 안 왔어요. 주문 번호는 A-1093이고 지난 월요일에 결제했습니다.",
    ]);
  });

  it("keeps an earlier summary's lines and, when short of room, drops the lines without numbers first", () => {
    const parts = [
      { role: "summary" as const, content: "- 사용자: 제 이름은 김민수이고 사번은 4821입니다." },
      ...Array.from({ length: 30 }, (_, index) => ({
        role: "user" as const,
        content: `물류 센터에서 상자를 분류하는 과정을 길게 설명하는 ${"아주 ".repeat(index % 3)}문장입니다. 다음 문장이에요.`,
      })),
    ];
    const summary = extractiveSummary(parts, 200);
    expect(summary.length).toBeLessThanOrEqual(200);
    expect(summary.split("\n")[0]).toBe("- 사용자: 제 이름은 김민수이고 사번은 4821입니다.");
  });
});

describe("a summary request through llm-proxy", () => {
  describe("with the local provider", () => {
    let proxy: ProxyOverGrpc;
    let client: llmV1.Client;

    beforeAll(async () => {
      proxy = await startProxyOverGrpc();
      client = proxy.client;
    });
    afterAll(() => proxy.stop());

    it("answers extractively, keeping the sentence with the number instead of echoing the turns", async () => {
      const answer = await callUnary(client, "llm-proxy", "Complete", SUMMARY_REQUEST);
      expect(answer.provider).toBe("local");
      expect(answer.content).toContain("제 이름은 김민수이고 사번은 4821입니다.");
      expect(answer.content).toContain("A-1093");
      expect(answer.content).not.toContain("오늘은 날씨가 참 좋네요");
      expect(answer.content).not.toContain("LLM이 없어");
      expect(countTextTokens(answer.content)).toBeLessThanOrEqual(SUMMARY_MAX_TOKENS);
    });

    it("refuses a task it does not know, naming the field", async () => {
      await expect(callUnary(client, "llm-proxy", "Complete", { ...SUMMARY_REQUEST, task: "translate" })).rejects.toMatchObject({
        kind: "invalid_argument",
        details: [expect.objectContaining({ field: "task" })],
      });
    });
  });

  describe("with a model behind it (openai)", () => {
    let upstream: LlmUpstream;
    let proxy: ProxyOverGrpc;
    let client: llmV1.Client;

    beforeAll(async () => {
      upstream = await startLlmUpstream({ tokens: 6 });
      proxy = await startProxyOverGrpc({ LLM_PROVIDER: "openai", OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: upstream.openaiBaseUrl, LLM_MAX_RETRIES: "0" });
      client = proxy.client;
    });
    afterAll(async () => {
      await proxy.stop();
      await upstream.close();
    });

    it("asks the model for a summary of the transcript, the earlier summary included", async () => {
      const messages = [{ role: "system", content: "- 사용자: 예전에 밝힌 주소는 부산입니다." }, ...CONVERSATION];
      await callUnary(client, "llm-proxy", "Complete", { ...SUMMARY_REQUEST, messages });
      const sent = upstream.requests.at(-1)!.body as { messages: { role: string; content: string }[]; max_tokens?: number; max_completion_tokens?: number };
      expect(sent.messages.map((message) => message.role)).toEqual(["system", "user"]);
      expect(sent.messages[0]!.content).toBe(SUMMARY_INSTRUCTION);
      expect(sent.messages[1]!.content).toContain("이전 요약: - 사용자: 예전에 밝힌 주소는 부산입니다.");
      expect(sent.messages[1]!.content).toContain(`사용자: ${FACT_TURN}`);
      expect(sent.max_tokens ?? sent.max_completion_tokens).toBe(SUMMARY_MAX_TOKENS);
    });
  });
});
