import { MESSAGE_MAX_CHARACTERS } from "@chatbot/core";
import { spacelessHangul } from "@chatbot/testkit";
import { countPromptTokens, countTextTokens } from "@chatbot/tokens";
import { estimateTokens } from "../src/chat/usage-estimate";

describe("estimateTokens", () => {
  it("counts the prompt and the reply exactly, the event loop running meanwhile", async () => {
    // Loads the tokenizer before anything is timed.
    await estimateTokens([{ content: "안녕" }], "네");
    const prompt = [{ content: "앞선 질문입니다." }, { content: spacelessHangul(MESSAGE_MAX_CHARACTERS, 401) }];
    const reply = spacelessHangul(MESSAGE_MAX_CHARACTERS, 402);

    let longestGapMs = 0;
    let lastTick = performance.now();
    const probe = setInterval(() => {
      const now = performance.now();
      longestGapMs = Math.max(longestGapMs, now - lastTick);
      lastTick = now;
    }, 1);
    const started = performance.now();
    const estimate = await estimateTokens(prompt, reply);
    const elapsedMs = performance.now() - started;
    // One more tick: a block at the very end shows too.
    await new Promise((resolve) => setTimeout(resolve, 2));
    clearInterval(probe);

    expect(estimate).toBe(countPromptTokens(prompt) + countTextTokens(reply));
    // Counted in one call the event loop waited for all of it; now a slice at a time.
    expect(longestGapMs).toBeLessThan(elapsedMs / 4);
  });
});
