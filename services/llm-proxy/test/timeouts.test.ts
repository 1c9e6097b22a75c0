import type { StreamPart } from "../src/domain/generation.types";
import { guardStream, type LlmTimeouts } from "../src/domain/timeouts";
import { collect, rejection } from "./support/providers";

const TIMEOUTS: LlmTimeouts = { connectMs: 5_000, firstTokenMs: 5_000, idleMs: 5_000, totalMs: 10_000 };

/** A provider stream that yields `parts` and then waits for its signal, recording the signal it was given. */
function fakeUpstream(parts: StreamPart[], options: { hangAfter?: boolean } = {}) {
  const seen: { signal?: AbortSignal } = {};
  const open = async function* (signal: AbortSignal): AsyncGenerator<StreamPart> {
    seen.signal = signal;
    for (const part of parts) {
      if (signal.aborted) throw signal.reason;
      yield part;
    }
    if (options.hangAfter) {
      if (!signal.aborted) await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
      throw signal.reason;
    }
  };
  return { open, seen };
}

const reply: StreamPart[] = [
  { type: "response-start" },
  { type: "text-delta", text: "안녕하세요" },
  { type: "text-delta", text: " 반갑습니다" },
  { type: "finish", finishReason: "stop", usage: undefined, model: "test-model" },
];

describe("guardStream", () => {
  it("passes a finished reply through and leaves the finished upstream request alone", async () => {
    const upstream = fakeUpstream(reply);
    const caller = new AbortController();
    const parts = await collect(guardStream("openai", upstream.open, caller.signal, TIMEOUTS, undefined));
    expect(parts).toEqual(reply);
    expect(upstream.seen.signal!.aborted).toBe(false);
  });

  it("ends the upstream request when the reader stops before the finish", async () => {
    const upstream = fakeUpstream(reply);
    for await (const part of guardStream("openai", upstream.open, new AbortController().signal, TIMEOUTS, undefined)) {
      if (part.type === "text-delta") break;
    }
    expect(upstream.seen.signal!.aborted).toBe(true);
    expect(upstream.seen.signal!.reason).toMatchObject({ code: "cancelled" });
  });

  it("carries the caller's cancellation to the upstream at once, with the caller's reason", async () => {
    const upstream = fakeUpstream(reply.slice(0, 2), { hangAfter: true });
    const caller = new AbortController();
    const iterator = guardStream("openai", upstream.open, caller.signal, TIMEOUTS, undefined)[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
    const reason = new Error("call cancelled by client");
    caller.abort(reason);
    // Synchronously, as AbortSignal.any would: the HTTP request is cut in the same turn.
    expect(upstream.seen.signal!.aborted).toBe(true);
    expect(upstream.seen.signal!.reason).toBe(reason);
    expect(await rejection(iterator.next())).toMatchObject({ code: "cancelled" });
  });

  it("stops following the caller's signal once the stream is over", async () => {
    const upstream = fakeUpstream(reply);
    const caller = new AbortController();
    await collect(guardStream("openai", upstream.open, caller.signal, TIMEOUTS, undefined));
    caller.abort(new Error("late cancel"));
    expect(upstream.seen.signal!.aborted).toBe(false);
  });

  it("reports an idle timeout as upstream_timeout and aborts the upstream with it", async () => {
    const upstream = fakeUpstream(reply.slice(0, 2), { hangAfter: true });
    const caller = new AbortController();
    const error = await rejection(collect(guardStream("openai", upstream.open, caller.signal, { ...TIMEOUTS, idleMs: 30 }, undefined)));
    expect(error).toMatchObject({ code: "upstream_timeout", details: { phase: "idle", after_ms: 30 } });
    expect(upstream.seen.signal!.reason).toBe(error);
  });

  it("reports a caller that was cancelled before the start as cancelled", async () => {
    const upstream = fakeUpstream(reply, { hangAfter: true });
    const caller = new AbortController();
    caller.abort(new Error("gone"));
    const error = await rejection(collect(guardStream("openai", upstream.open, caller.signal, TIMEOUTS, undefined)));
    expect(error).toMatchObject({ code: "cancelled" });
  });
});
