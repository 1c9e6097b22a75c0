import { createMetricsRegistry } from "@chatbot/observability";
import { createFeedbackMetrics } from "../src/domain/feedback/feedback-metrics";

/** 지표 한 줄의 값 (없으면 0). */
async function valueOf(registry: ReturnType<typeof createMetricsRegistry>, labels: string): Promise<number> {
  const text = await registry.metrics();
  const line = text.split("\n").find((entry) => entry.startsWith(`chatbot_message_feedback_total{${labels}}`));
  return line ? Number(line.split(" ").at(-1)) : 0;
}

describe("chatbot_message_feedback_total", () => {
  it("counts a rating when it changes what the answer is rated, not when the same rating is sent again", async () => {
    const registry = createMetricsRegistry({ collectDefaults: false });
    const metrics = createFeedbackMetrics(registry);
    const answer = { model: "gpt-4o-mini", provider: "openai" };
    metrics.rated("up", null, answer); // 평가 없음 → 좋아요
    metrics.rated("up", "up", answer); // 같은 평가 재전송: 세지 않는다
    metrics.rated("down", "up", answer); // 좋아요 → 싫어요
    metrics.rated("up", null, answer); // 지운 뒤 다시 평가
    expect(await valueOf(registry, 'rating="up",model="gpt-4o-mini",provider="openai"')).toBe(2);
    expect(await valueOf(registry, 'rating="down",model="gpt-4o-mini",provider="openai"')).toBe(1);
  });

  it("labels an answer whose model or provider was not recorded as unknown", async () => {
    const registry = createMetricsRegistry({ collectDefaults: false });
    createFeedbackMetrics(registry).rated("down", null, { model: "", provider: "" });
    expect(await valueOf(registry, 'rating="down",model="unknown",provider="unknown"')).toBe(1);
  });
});
