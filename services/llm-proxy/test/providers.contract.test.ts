import { AppError } from "@chatbot/core";
import { type LlmUpstream, replyText, replyToken, scaledTimeout, startLlmUpstream, testLogger, waitFor } from "@chatbot/testkit";
import type { StreamPart } from "../src/domain/generation.types";
import { guardStream } from "../src/domain/timeouts";
import { providerRequest } from "./support/requests";
import { REMOTE_PROVIDERS, collect, providerFor, rejection, type RemoteProviderName } from "./support/providers";

const TIMEOUTS = { connectMs: 2000, firstTokenMs: 2000, idleMs: 2000, totalMs: 10_000 };

/** One suite, run by every remote adapter against the same upstream protocols. */
function providerContract(name: RemoteProviderName) {
  describe(`${name} provider`, () => {
    let upstream: LlmUpstream;
    const logger = testLogger("llm-proxy");

    beforeAll(async () => {
      upstream = await startLlmUpstream({ tokens: 6 });
    });
    afterEach(() => upstream.reset());
    afterAll(() => upstream.close());

    const provider = () => providerFor(name, upstream, logger);
    const texts = (parts: StreamPart[]) => parts.flatMap((part) => (part.type === "text-delta" ? [part.text] : []));

    it("streams the Korean reply as deltas in order, then one finish", async () => {
      const parts = await collect(provider().stream(providerRequest(), new AbortController().signal));
      expect(parts[0]).toEqual({ type: "response-start" });
      expect(texts(parts)).toEqual([0, 1, 2, 3, 4, 5].map(replyToken));
      const finish = parts[parts.length - 1]!;
      expect(finish).toMatchObject({ type: "finish", finishReason: "stop" });
      expect(parts.filter((part) => part.type === "finish")).toHaveLength(1);
    });

    it("answers a non-streaming call with the whole reply", async () => {
      const completion = await provider().complete(providerRequest(), new AbortController().signal);
      expect(completion.content).toBe(replyText(6));
      expect(completion.finishReason).toBe("stop");
    });

    it("reports finish reason length when max_new_tokens cuts the reply", async () => {
      const parts = await collect(provider().stream(providerRequest({ parameters: { maxNewTokens: 3 } }), new AbortController().signal));
      expect(texts(parts).join("")).toBe(replyText(3));
      if (name !== "llm-server") expect(parts[parts.length - 1]).toMatchObject({ type: "finish", finishReason: "length" });
    });

    it("closes the upstream connection within 100 ms of an abort mid-stream", async () => {
      upstream.configure({ tokens: 200, tokenIntervalMs: 20 });
      try {
        const controller = new AbortController();
        const stream = provider().stream(providerRequest({ parameters: { maxNewTokens: 500 } }), controller.signal);
        const iterator = stream[Symbol.asyncIterator]();
        let next = await iterator.next();
        while (!next.done && next.value.type !== "text-delta") next = await iterator.next();
        const abortedAt = Date.now();
        controller.abort(new Error("사용자가 중단했습니다"));
        await expect(iterator.next()).rejects.toMatchObject({ code: "cancelled" });
        const record = await waitFor(() => upstream.requests.find((request) => request.closedEarly), { what: "closed connection" });
        expect(record.closedAt! - abortedAt).toBeLessThanOrEqual(scaledTimeout(100));
        expect(record.tokensSent).toBeLessThan(200);
      } finally {
        upstream.configure({ tokens: 6, tokenIntervalMs: 0 });
      }
    });

    describe("faults end in typed errors", () => {
      it.each([
        [{ kind: "status", status: 429, retryAfter: "7" } as const, "rate_limited"],
        [{ kind: "status", status: 500 } as const, "upstream_unavailable"],
        [{ kind: "status", status: 401 } as const, "auth_failed"],
        [{ kind: "status", status: 400, message: "This model's maximum context length is 8192 tokens" } as const, "context_length_exceeded"],
        [{ kind: "status", status: 400, message: "잘못된 요청입니다" } as const, "bad_request"],
      ])("%o → %s", async (fault, code) => {
        upstream.fail(fault);
        const error = await rejection(collect(provider().stream(providerRequest(), new AbortController().signal)));
        expect(error).toBeInstanceOf(AppError);
        expect(error).toMatchObject({ code, details: expect.objectContaining({ provider: name, upstream_status: fault.status }) });
        if (code === "rate_limited") expect((error as AppError).retryAfterSeconds).toBe(7);
      });

      it("a malformed chunk ends the stream with upstream_protocol_error after the good deltas", async () => {
        upstream.fail({ kind: "malformed", afterTokens: 2 });
        const received: string[] = [];
        const error = await rejection(
          (async () => {
            for await (const part of provider().stream(providerRequest(), new AbortController().signal)) {
              if (part.type === "text-delta") received.push(part.text);
            }
          })(),
        );
        expect(error).toMatchObject({ code: "upstream_protocol_error" });
        expect(received).toEqual([replyToken(0), replyToken(1)]);
      });

      it("a mid-stream disconnect ends the stream with upstream_unavailable", async () => {
        upstream.fail({ kind: "disconnect", afterTokens: 2 });
        const error = await rejection(collect(provider().stream(providerRequest(), new AbortController().signal)));
        expect(error).toMatchObject({ code: "upstream_unavailable" });
      });

      it("an in-stream error event (server overloaded) ends the stream with upstream_unavailable", async () => {
        upstream.fail({ kind: "error-event", afterTokens: 1 });
        const error = await rejection(collect(provider().stream(providerRequest(), new AbortController().signal)));
        expect(error).toMatchObject({ code: "upstream_unavailable" });
      });

      it("a hang ends in upstream_timeout (connect) and the upstream sees the connection closed", async () => {
        upstream.fail({ kind: "hang" });
        const parts = guardStream(
          name,
          (signal) => provider().stream(providerRequest(), signal),
          new AbortController().signal,
          { ...TIMEOUTS, connectMs: 150 },
          undefined,
        );
        const error = await rejection(collect(parts));
        expect(error).toMatchObject({ code: "upstream_timeout", details: expect.objectContaining({ phase: "connect" }) });
        await waitFor(() => upstream.requests[0]?.closedEarly, { what: "closed connection" });
      });

      it("a stall mid-stream ends in upstream_timeout (idle)", async () => {
        upstream.fail({ kind: "stall", afterTokens: 2 });
        const parts = guardStream(name, (signal) => provider().stream(providerRequest(), signal), new AbortController().signal, { ...TIMEOUTS, idleMs: 150 }, undefined);
        const error = await rejection(collect(parts));
        expect(error).toMatchObject({ code: "upstream_timeout", details: expect.objectContaining({ phase: "idle" }) });
        await waitFor(() => upstream.requests[0]?.closedEarly, { what: "closed connection" });
      });
    });
  });
}

for (const name of REMOTE_PROVIDERS) providerContract(name);
