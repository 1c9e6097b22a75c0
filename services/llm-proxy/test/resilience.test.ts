import { replyText, scaledTimeout, startLlmUpstream, testLogger, waitFor, type LlmUpstream } from "@chatbot/testkit";
import type { GenerationResult } from "../src/domain/generation.types";
import { providerFor } from "./support/providers";
import { generationRequest } from "./support/requests";
import { buildService, drain, metricValue } from "./support/service";

const logger = testLogger("llm-proxy");

describe("resilience before and after the first token", () => {
  let upstream: LlmUpstream;

  beforeAll(async () => {
    upstream = await startLlmUpstream({ tokens: 5 });
  });
  afterEach(() => upstream.reset());
  afterAll(() => upstream.close());

  const openai = () => providerFor("openai", upstream, logger);
  const anthropic = () => providerFor("anthropic", upstream, logger);
  const signal = () => new AbortController().signal;

  it("retries 429 and 5xx before the first token, then streams the answer", async () => {
    upstream.fail({ kind: "status", status: 429 });
    upstream.fail({ kind: "status", status: 503 });
    const { service, registry } = buildService({ providers: [openai()] });
    const { text, final, error } = await drain((onText) => service.generate(generationRequest(), signal(), onText));
    expect(error).toBeUndefined();
    expect(text).toBe(replyText(5));
    expect(upstream.requests).toHaveLength(3);
    expect(final).toMatchObject({ type: "final", result: { timings: { attempts: 3 } } });
    expect(await metricValue(registry, "chatbot_llm_retries_total", { provider: "openai" })).toBe(2);
  });

  it("retries a connection that failed before any token", async () => {
    upstream.fail({ kind: "disconnect", afterTokens: 0 });
    const { service } = buildService({ providers: [openai()] });
    const { text, error } = await drain((onText) => service.generate(generationRequest(), signal(), onText));
    expect(error).toBeUndefined();
    expect(text).toBe(replyText(5));
    expect(upstream.requests).toHaveLength(2);
  });

  it("never retries once a token was sent: a mid-stream disconnect ends the stream with the text so far", async () => {
    upstream.fail({ kind: "disconnect", afterTokens: 2 });
    const { service } = buildService({ providers: [openai(), anthropic()] });
    const { text, error } = await drain((onText) => service.generate(generationRequest(), signal(), onText));
    expect(error).toMatchObject({ code: "upstream_unavailable" });
    expect(text).toBe(replyText(2));
    expect(upstream.requests).toHaveLength(1);
  });

  it("does not retry requests the upstream refuses as invalid", async () => {
    upstream.fail({ kind: "status", status: 400, message: "prompt is too long: 250000 tokens > 200000 maximum" });
    const { service } = buildService({ providers: [anthropic(), openai()] });
    const { error } = await drain((onText) => service.generate(generationRequest(), signal(), onText));
    expect(error).toMatchObject({ code: "context_length_exceeded" });
    expect(upstream.requests).toHaveLength(1);
  });

  it("waits as long as Retry-After asks before retrying", async () => {
    upstream.fail({ kind: "status", status: 429, retryAfter: "1" });
    const { service } = buildService({ providers: [openai()], retry: { baseDelayMs: 10 } });
    const { error } = await drain((onText) => service.generate(generationRequest(), signal(), onText));
    expect(error).toBeUndefined();
    expect(upstream.requests).toHaveLength(2);
    expect(upstream.requests[1]!.receivedAt - upstream.requests[0]!.receivedAt).toBeGreaterThanOrEqual(990);
  });

  it("moves on to the next provider instead of waiting out a Retry-After longer than the longest retry delay", async () => {
    upstream.fail({ kind: "status", status: 429, retryAfter: "120" }, { protocol: "openai" });
    const { service } = buildService({ providers: [openai(), anthropic()], retry: { maxDelayMs: 500 } });
    const started = Date.now();
    const { final, error } = await drain((onText) => service.generate(generationRequest(), signal(), onText));
    expect(error).toBeUndefined();
    // Far short of the 120 s asked for, whatever the load.
    expect(Date.now() - started).toBeLessThan(scaledTimeout(1000));
    expect((final as { result: GenerationResult }).result.provider).toBe("anthropic");
  });

  it("falls back along the chain when a provider keeps failing before its first token", async () => {
    upstream.fail({ kind: "status", status: 500 }, { protocol: "openai", times: 3 });
    const { service, registry } = buildService({ providers: [openai(), anthropic()] });
    const { text, final, error } = await drain((onText) => service.generate(generationRequest(), signal(), onText));
    expect(error).toBeUndefined();
    expect(text).toBe(replyText(5));
    expect((final as { result: GenerationResult }).result).toMatchObject({ provider: "anthropic", timings: { attempts: 4 } });
    expect(upstream.requests.map((request) => request.protocol)).toEqual(["openai", "openai", "openai", "anthropic"]);
    expect(await metricValue(registry, "chatbot_llm_errors_total", { provider: "openai", code: "upstream_unavailable" })).toBe(3);
  });

  it("falls back when the first token does not come in time", async () => {
    upstream.fail({ kind: "hang" }, { protocol: "openai" });
    const { service } = buildService({ providers: [openai(), anthropic()], timeouts: { connectMs: 150 } });
    const { final, error } = await drain((onText) => service.generate(generationRequest(), signal(), onText));
    expect(error).toBeUndefined();
    expect((final as { result: GenerationResult }).result.provider).toBe("anthropic");
    await waitFor(() => upstream.requests[0]!.closedEarly, { what: "the hung request to be closed" });
  });

  it("opens the circuit after consecutive failures, skips the provider, then lets one probe through after the cooldown", async () => {
    const { service, chain, registry } = buildService({
      providers: [openai(), anthropic()],
      retry: { maxRetries: 0 },
      breaker: { failureThreshold: 2, cooldownMs: 300 },
    });
    const breaker = chain.entries[0]!.breaker;
    upstream.fail({ kind: "status", status: 502 }, { protocol: "openai", times: 2 });
    await drain((onText) => service.generate(generationRequest(), signal(), onText));
    await drain((onText) => service.generate(generationRequest(), signal(), onText));
    expect(breaker.state).toBe("open");
    expect(await metricValue(registry, "chatbot_llm_breaker_state", { provider: "openai" })).toBe(2);

    upstream.reset();
    const skipped = await drain((onText) => service.generate(generationRequest(), signal(), onText));
    expect((skipped.final as { result: GenerationResult }).result.provider).toBe("anthropic");
    expect(upstream.requests.map((request) => request.protocol)).toEqual(["anthropic"]);

    // After the cooldown, one probe goes to openai; its failure opens the circuit again at once.
    await waitFor(() => breaker.tryAcquire() && (breaker.release(), true), { timeoutMs: 2000, what: "half-open circuit" });
    expect(breaker.state).toBe("half_open");
    upstream.reset();
    upstream.fail({ kind: "status", status: 502 }, { protocol: "openai" });
    await drain((onText) => service.generate(generationRequest(), signal(), onText));
    expect(upstream.requests.map((request) => request.protocol)).toEqual(["openai", "anthropic"]);
    expect(breaker.state).toBe("open");

    // The next probe succeeds and closes it.
    await waitFor(() => breaker.tryAcquire() && (breaker.release(), true), { timeoutMs: 2000, what: "half-open circuit" });
    upstream.reset();
    const recovered = await drain((onText) => service.generate(generationRequest(), signal(), onText));
    expect((recovered.final as { result: GenerationResult }).result.provider).toBe("openai");
    expect(breaker.state).toBe("closed");
    expect(await metricValue(registry, "chatbot_llm_breaker_state", { provider: "openai" })).toBe(0);
  });

  it("fails with upstream_unavailable when every provider's circuit is open", async () => {
    const { service, chain } = buildService({ providers: [openai()], retry: { maxRetries: 0 }, breaker: { failureThreshold: 1, cooldownMs: 60_000 } });
    upstream.fail({ kind: "status", status: 500 });
    await drain((onText) => service.generate(generationRequest(), signal(), onText));
    expect(chain.entries[0]!.breaker.state).toBe("open");
    const { error } = await drain((onText) => service.generate(generationRequest(), signal(), onText));
    expect(error).toMatchObject({ code: "upstream_unavailable", message: expect.stringContaining("circuit is open") });
    expect(upstream.requests).toHaveLength(1);
  });

  it("ends with upstream_timeout when the request's own deadline passes mid-stream", async () => {
    upstream.configure({ tokens: 100, tokenIntervalMs: 20 });
    try {
      const { service } = buildService({ providers: [openai()] });
      const { text, error } = await drain((onText) =>
        service.generate(generationRequest({ deadline: Date.now() + 200, parameters: { maxNewTokens: 200 } }), signal(), onText),
      );
      expect(error).toMatchObject({ code: "upstream_timeout", details: expect.objectContaining({ phase: "deadline" }) });
      expect(text.length).toBeGreaterThan(0);
      await waitFor(() => upstream.requests[0]!.closedEarly, { what: "closed connection" });
    } finally {
      upstream.configure({ tokens: 5, tokenIntervalMs: 0 });
    }
  });

  it("counts usage with the tokenizer when the provider reports none", async () => {
    const { service } = buildService({ providers: [providerFor("llm-server", upstream, logger)] });
    const { final } = await drain((onText) => service.generate(generationRequest(), signal(), onText));
    const { usage } = (final as { result: GenerationResult }).result;
    expect(usage.reportedByProvider).toBe(false);
    expect(usage.completionTokens).toBeGreaterThan(0);
    expect(usage.promptTokens).toBeGreaterThan(0);
    expect(usage.totalTokens).toBe(usage.promptTokens + usage.completionTokens);
  });
});
