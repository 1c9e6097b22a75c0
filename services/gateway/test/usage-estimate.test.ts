import { MESSAGE_MAX_CHARACTERS } from "@chatbot/core";
import { measureEventLoopBlock, spacelessHangul } from "@chatbot/testkit";
import { countPromptTokens, countTextTokens } from "@chatbot/tokens";
import { estimateTokens } from "../src/domain/chat/usage-estimate";

describe("estimateTokens", () => {
  it("counts the prompt and the reply exactly, the event loop running meanwhile", async () => {
    // Loads the tokenizer before anything is timed.
    await estimateTokens([{ content: "안녕" }], "네");
    const prompt = [{ content: "앞선 질문입니다." }, { content: spacelessHangul(MESSAGE_MAX_CHARACTERS, 401) }];
    const reply = spacelessHangul(MESSAGE_MAX_CHARACTERS, 402);

    const { result: estimate, longestGapMs, elapsedMs } = await measureEventLoopBlock(() => estimateTokens(prompt, reply));

    expect(estimate).toBe(countPromptTokens(prompt) + countTextTokens(reply));
    // Counted in one call the event loop waited for all of it; now a slice at a time.
    expect(longestGapMs).toBeLessThan(elapsedMs / 4);
  });
});
