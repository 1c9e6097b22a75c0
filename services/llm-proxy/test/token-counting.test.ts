import { MESSAGE_MAX_CHARACTERS } from "@chatbot/core";
import { measureEventLoopBlock, replyText, spacelessHangul, startLlmUpstream, testLogger, type LlmUpstream } from "@chatbot/testkit";
import { countPromptTokens, countTextTokens } from "@chatbot/tokens";
import { providerFor, rejection } from "./support/providers";
import { generationRequest } from "./support/requests";
import { buildService } from "./support/service";

const logger = testLogger("llm-proxy");

describe("token counting of long prompts", () => {
  let upstream: LlmUpstream;

  beforeAll(async () => {
    upstream = await startLlmUpstream({ tokens: 5 });
  });
  afterEach(() => upstream.reset());
  afterAll(() => upstream.close());

  // The llm-server provider reports no usage: the prompt and the reply are counted here.
  const llmServer = () => providerFor("llm-server", upstream, logger);

  it("counts a prompt of the longest messages exactly while the event loop keeps running", async () => {
    const { service } = buildService({ providers: [llmServer()], limits: { tokensPerMinute: 100_000_000 } });
    // Not seen by the tokenizer before: every piece is merged afresh.
    const messages = [1, 2, 3].map((seed) => ({ role: "user" as const, content: spacelessHangul(MESSAGE_MAX_CHARACTERS, 300 + seed) }));

    const { result, longestGapMs, elapsedMs } = await measureEventLoopBlock(() => service.complete(generationRequest({ messages }), new AbortController().signal));

    expect(result.usage).toMatchObject({
      reportedByProvider: false,
      promptTokens: countPromptTokens(messages),
      completionTokens: countTextTokens(replyText(5)),
    });
    // Counted in one call the event loop waited for the whole prompt; now a slice at a time
    // (a millisecond in a service, more under jest on a busy machine).
    expect(longestGapMs).toBeLessThan(elapsedMs / 4);
  });

  it("stops counting a long prompt when the caller goes away, before any provider call", async () => {
    const { service } = buildService({ providers: [llmServer()], limits: { tokensPerMinute: 100_000_000 } });
    // How long counting such a prompt takes here, in one call.
    const countStarted = performance.now();
    countTextTokens(spacelessHangul(MESSAGE_MAX_CHARACTERS, 311));
    const countMs = performance.now() - countStarted;

    const messages = [{ role: "user" as const, content: spacelessHangul(MESSAGE_MAX_CHARACTERS, 310) }];
    const controller = new AbortController();
    const started = performance.now();
    const answer = service.complete(generationRequest({ messages }), controller.signal);
    setImmediate(() => controller.abort());
    expect(await rejection(answer)).toMatchObject({ kind: "cancelled", code: "cancelled" });
    expect(performance.now() - started).toBeLessThan(countMs / 4);
    expect(upstream.requests).toHaveLength(0);
  });
});
