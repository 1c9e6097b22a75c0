import { isAppError } from "@chatbot/core";
import type { llmV1 } from "@chatbot/grpc";
import type { InProcessLlmProxy } from "@chatbot/llm-proxy";
import { createInProcessLlmClient } from "../src/clients/in-process-llm.client";

/** The in-process LLM port keeps the gRPC client's promises: deadlines, cancellation, events held until read, a failing reader stops the call. */
function proxyThat(generate: InProcessLlmProxy["generate"], complete?: InProcessLlmProxy["complete"]): InProcessLlmProxy {
  return {
    generate,
    complete: complete ?? (() => Promise.reject(new Error("unused"))),
    listModels: () => ({ models: [] }),
    checkStores: async () => ({ service: "llm-proxy", stores: [], info: {} }),
  };
}

const delta = (text: string): llmV1.GenerateEvent => ({ delta: { text }, event: "delta" });
const request: llmV1.GenerateRequest = { messages: [{ role: "user", content: "안녕" }] };

/** Settles when `signal` aborts, as a provider call does. */
const untilAborted = (signal: AbortSignal) => new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(new Error("aborted")), { once: true }));

describe("in-process LLM client", () => {
  it("holds events sent before the reader comes, then hands every one over in order", async () => {
    const client = createInProcessLlmClient(
      proxyThat(async (_request, _signal, send) => {
        send(delta("안"));
        send(delta("녕"));
      }),
    );
    const stream = client.generate(request);
    await new Promise((resolve) => setImmediate(resolve));
    const seen: string[] = [];
    await stream.read((event) => seen.push(event.delta!.text));
    expect(seen).toEqual(["안", "녕"]);
  });

  it("answers a call past its deadline as service_timeout, and one its caller cancels as cancelled, stopping the proxy's work", async () => {
    let stopped = 0;
    const client = createInProcessLlmClient(
      proxyThat(
        (_request, signal) => untilAborted(signal).finally(() => (stopped += 1)),
        (_request, signal) => untilAborted(signal).finally(() => (stopped += 1)),
      ),
    );
    const late = await client.complete(request, { timeoutMs: 30 }).catch((error: unknown) => error);
    expect(isAppError(late) && [late.kind, late.code]).toEqual(["deadline_exceeded", "service_timeout"]);

    const caller = new AbortController();
    const stream = client.generate(request, { signal: caller.signal });
    const reading = stream.read(() => undefined).catch((error: unknown) => error);
    caller.abort();
    const cancelled = await reading;
    expect(isAppError(cancelled) && [cancelled.kind, cancelled.code]).toEqual(["cancelled", "cancelled"]);
    expect(stopped).toBe(2);
  });

  it("stops the generation when the reader throws, and rejects with the reader's own error", async () => {
    let aborted = false;
    const client = createInProcessLlmClient(
      proxyThat(async (_request, signal, send) => {
        send(delta("하나"));
        await untilAborted(signal).catch(() => (aborted = true));
      }),
    );
    const failure = new Error("the reader failed");
    const result = await client
      .generate(request)
      .read(() => {
        throw failure;
      })
      .catch((error: unknown) => error);
    expect(result).toBe(failure);
    expect(aborted).toBe(true);
  });
});
