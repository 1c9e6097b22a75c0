import { startLlmUpstream, type LlmUpstream } from "@chatbot/testkit";
import type { ChatMessage } from "../src/domain/generation.types";
import { captureLogger } from "./support/capture-logger";
import { collect, providerFor } from "./support/providers";
import { providerRequest } from "./support/requests";

const CONVERSATION: ChatMessage[] = [
  { role: "system", content: "당신은 한국어로 답하는 비서입니다." },
  { role: "system", content: "출처를 [1]처럼 인용하세요." },
  { role: "user", content: "부산 여행지 추천해 줘" },
  { role: "user", content: "바다가 보이는 곳으로 🌊" },
  { role: "assistant", content: "해운대를 추천합니다." },
  { role: "user", content: "맛집도 알려줘" },
];

describe("parameter mapping: what each upstream receives", () => {
  let upstream: LlmUpstream;

  beforeAll(async () => {
    upstream = await startLlmUpstream({ tokens: 3 });
  });
  afterEach(() => upstream.reset());
  afterAll(() => upstream.close());

  describe("openai", () => {
    it("sends max_tokens, temperature, top_p, stop and asks for usage in the stream", async () => {
      const { logger } = captureLogger();
      const request = providerRequest({ messages: CONVERSATION, model: "gpt-매핑", parameters: { maxNewTokens: 77, temperature: 0.3, topP: 0.9, stop: ["끝", "###"] } });
      await collect(providerFor("openai", upstream, logger).stream(request, new AbortController().signal));
      const { body, headers } = upstream.requests[0]!;
      expect(body).toEqual({
        model: "gpt-매핑",
        messages: CONVERSATION,
        max_tokens: 77,
        temperature: 0.3,
        top_p: 0.9,
        stop: ["끝", "###"],
        stream: true,
        stream_options: { include_usage: true },
      });
      expect(headers.authorization).toBe("Bearer sk-test-key");
    });

    it("maps do_sample false to greedy decoding (temperature 0) and drops top_p with a warning", async () => {
      const { logger, lines } = captureLogger();
      const request = providerRequest({ parameters: { doSample: false, temperature: 0.9, topP: 0.5 } });
      await providerFor("openai", upstream, logger).complete(request, new AbortController().signal);
      const { body } = upstream.requests[0]!;
      expect(body.temperature).toBe(0);
      expect(body).not.toHaveProperty("top_p");
      expect(body).not.toHaveProperty("stream_options");
      expect(lines).toContainEqual(expect.objectContaining({ level: "warn", provider: "openai", parameter: "top_p" }));
    });

    it("keeps the first four stop sequences, warning about the rest", async () => {
      const { logger, lines } = captureLogger();
      await collect(
        providerFor("openai", upstream, logger).stream(providerRequest({ parameters: { stop: ["가", "나", "다", "라", "마"] } }), new AbortController().signal),
      );
      expect(upstream.requests[0]!.body.stop).toEqual(["가", "나", "다", "라"]);
      expect(lines).toContainEqual(expect.objectContaining({ level: "warn", parameter: "stop" }));
    });
  });

  describe("anthropic", () => {
    it("moves system messages to `system`, merges consecutive same-role messages and maps max_tokens and stop", async () => {
      const { logger } = captureLogger();
      const request = providerRequest({ messages: CONVERSATION, model: "claude-매핑", parameters: { maxNewTokens: 55, stop: ["끝"] } });
      await collect(providerFor("anthropic", upstream, logger).stream(request, new AbortController().signal));
      const { body, headers } = upstream.requests[0]!;
      expect(body).toEqual({
        model: "claude-매핑",
        max_tokens: 55,
        system: "당신은 한국어로 답하는 비서입니다.\n\n출처를 [1]처럼 인용하세요.",
        messages: [
          { role: "user", content: "부산 여행지 추천해 줘\n\n바다가 보이는 곳으로 🌊" },
          { role: "assistant", content: "해운대를 추천합니다." },
          { role: "user", content: "맛집도 알려줘" },
        ],
        stop_sequences: ["끝"],
        stream: true,
      });
      expect(headers["anthropic-version"]).toEqual(expect.any(String));
    });

    it("drops sampling parameters the Messages API no longer takes, with one warning each", async () => {
      const { logger, lines } = captureLogger();
      const provider = providerFor("anthropic", upstream, logger);
      const request = providerRequest({ parameters: { temperature: 0.4, topP: 0.8 } });
      await provider.complete(request, new AbortController().signal);
      await provider.complete(request, new AbortController().signal);
      expect(upstream.requests[0]!.body).not.toHaveProperty("temperature");
      expect(upstream.requests[0]!.body).not.toHaveProperty("top_p");
      const warnings = lines.filter((line) => line.level === "warn");
      expect(warnings.map((line) => line.parameter).sort()).toEqual(["temperature", "top_p"]);
    });
  });

  describe("llm-server", () => {
    it("sends messages, max_new_tokens, temperature and do_sample; drops top_p and stop with warnings", async () => {
      const { logger, lines } = captureLogger();
      const request = providerRequest({ messages: CONVERSATION, parameters: { maxNewTokens: 33, temperature: 0.6, topP: 0.7, stop: ["끝"] } });
      await collect(providerFor("llm-server", upstream, logger).stream(request, new AbortController().signal));
      expect(upstream.requests[0]!.path).toBe("/chat/stream");
      expect(upstream.requests[0]!.body).toEqual({ messages: CONVERSATION, max_new_tokens: 33, temperature: 0.6, do_sample: true });
      expect(
        lines
          .filter((line) => line.level === "warn")
          .map((line) => line.parameter)
          .sort(),
      ).toEqual(["stop", "top_p"]);
    });

    it("sends do_sample false with temperature 0 for greedy decoding", async () => {
      const { logger } = captureLogger();
      await providerFor("llm-server", upstream, logger).complete(providerRequest({ parameters: { doSample: false } }), new AbortController().signal);
      expect(upstream.requests[0]!.path).toBe("/chat");
      expect(upstream.requests[0]!.body).toMatchObject({ do_sample: false, temperature: 0 });
    });

    it.each([
      [{ replyField: "content" }, { streamField: "chunk", end: "done-flag" }],
      [{ replyField: "text" }, { streamField: "text", end: "close" }],
      [{ replyField: "generated_text" }, { streamField: "content", end: "done-marker" }],
      [{ replyField: "response" }, { streamField: "token", end: "done-marker" }],
    ] as const)("reads the reply shape %o and the stream shape %o", async (reply, stream) => {
      const { logger } = captureLogger();
      upstream.configure({ llmServer: { ...reply, ...stream } });
      const provider = providerFor("llm-server", upstream, logger);
      const completion = await provider.complete(providerRequest(), new AbortController().signal);
      expect(completion.content).toBe("안녕하세요! 요청하신");
      const parts = await collect(provider.stream(providerRequest(), new AbortController().signal));
      expect(parts.flatMap((part) => (part.type === "text-delta" ? [part.text] : [])).join("")).toBe("안녕하세요! 요청하신");
      expect(parts[parts.length - 1]).toMatchObject({ type: "finish", finishReason: "stop" });
    });
  });
});
