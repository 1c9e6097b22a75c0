import * as grpc from "@grpc/grpc-js";
import { SpanKind, SpanStatusCode, context, injectTraceContext, trace, tracer } from "@chatbot/observability";
import { fromServiceError } from "./error-mapping";

/** The request and message types of a generated server-streaming method, from its simplest overload. */
type StreamMethod<Req, Res> = (argument: Req, options?: grpc.CallOptions) => grpc.ClientReadableStream<Res>;
type StreamRequestOf<M> = M extends (argument: infer Req, options?: grpc.CallOptions) => grpc.ClientReadableStream<infer _Res> ? Req : never;
type StreamMessageOf<M> = M extends (argument: infer _Req, options?: grpc.CallOptions) => grpc.ClientReadableStream<infer Res> ? Res : never;
type StreamMethodNames<C> = {
  [K in keyof C]: C[K] extends StreamMethod<never, unknown> ? (K extends `${Capitalize<string & K>}` ? K : never) : never;
}[keyof C];

export interface StreamCallOptions {
  /** Deadline for the whole stream; streams without one are bounded by the signal. */
  timeoutMs?: number;
  signal?: AbortSignal;
  metadata?: grpc.Metadata;
}

/** A started call, and how to finish it: the span ended, the caller's signal let go, the call cancelled if still running. */
interface StartedStream<Res> {
  call: grpc.ClientReadableStream<Res>;
  /** Returns the failure mapped to an AppError (and recorded on the span), when there is one. */
  finish(error?: unknown): unknown;
}

function startStream<C extends grpc.Client, K extends StreamMethodNames<C>>(
  client: C,
  peer: string,
  method: K,
  request: StreamRequestOf<C[K]>,
  options: StreamCallOptions,
): StartedStream<StreamMessageOf<C[K]>> {
  const invoke = client[method] as unknown as (
    request: unknown,
    metadata: grpc.Metadata,
    callOptions: grpc.CallOptions,
  ) => grpc.ClientReadableStream<StreamMessageOf<C[K]>>;
  const callOptions: grpc.CallOptions = options.timeoutMs ? { deadline: new Date(Date.now() + options.timeoutMs) } : {};
  // The span covers the whole stream, which outlives any one active context, so it is
  // started explicitly and its context injected by hand.
  const span = tracer.startSpan(`${peer}/${String(method)}`, {
    kind: SpanKind.CLIENT,
    attributes: { "rpc.system": "grpc", "rpc.service": peer, "rpc.method": String(method) },
  });
  const metadata = options.metadata ?? new grpc.Metadata();
  injectTraceContext((key, value) => metadata.set(key, value), trace.setSpan(context.active(), span));
  const call = invoke.call(client, request, metadata, callOptions);
  const onAbort = () => call.cancel();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  return {
    call,
    finish(error) {
      let mapped: unknown;
      if (error !== undefined) {
        mapped = fromServiceError(error, peer);
        span.recordException(mapped as Error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: (mapped as { code?: string }).code ?? "error" });
      }
      span.end();
      options.signal?.removeEventListener("abort", onAbort);
      // A consumer that stops early must not leave the upstream generating.
      call.cancel();
      return mapped;
    },
  };
}

/**
 * A server-streaming call as an async iterable. Aborting the signal cancels the call,
 * which the server sees at once (and can pass on to its own upstream); failures come
 * back as AppError.
 */
export async function* callServerStream<C extends grpc.Client, K extends StreamMethodNames<C>>(
  client: C,
  peer: string,
  method: K,
  request: StreamRequestOf<C[K]>,
  options: StreamCallOptions = {},
): AsyncGenerator<StreamMessageOf<C[K]>> {
  if (options.signal?.aborted) throw fromServiceError({ code: grpc.status.CANCELLED }, peer);
  const { call, finish } = startStream(client, peer, method, request, options);
  let failure: unknown;
  try {
    for await (const message of call) yield message as StreamMessageOf<C[K]>;
  } catch (error) {
    failure = error;
    throw finish(error);
  } finally {
    if (failure === undefined) finish();
  }
}

/** A server-streaming call that is already running and is read later, message by message. */
export interface ServerStream<T> {
  /**
   * Hands each message to `onMessage` as it arrives, synchronously (no promise per
   * message: the path every token of a reply takes); resolves when the stream ends and
   * rejects with an AppError when it fails or is cancelled. Read a stream once.
   */
  read(onMessage: (message: T) => void): Promise<void>;
}

/**
 * Starts a server-streaming call now and holds its messages until `read` is called, so a
 * request can go out while the caller still prepares for its answer. Aborting the signal
 * cancels the call whether or not it is being read.
 *
 * The call flows from the start and its messages wait in a queue of ours until read (grpc-js
 * drops the messages it has not yet handed over when a call fails, so they are taken as they
 * come). Holding them in the paused call's own buffer instead, with `read(0)` to start grpc-js
 * reading, depended on grpc-js's internal buffering for no CPU saving beyond the noise (2–3%
 * of gateway CPU per token ± 2%, bench/tricks/ab.ts stream-buffer before it was removed).
 */
export function openServerStream<C extends grpc.Client, K extends StreamMethodNames<C>>(
  client: C,
  peer: string,
  method: K,
  request: StreamRequestOf<C[K]>,
  options: StreamCallOptions = {},
): ServerStream<StreamMessageOf<C[K]>> {
  if (options.signal?.aborted) {
    const cancelled = fromServiceError({ code: grpc.status.CANCELLED }, peer);
    return { read: () => Promise.reject(cancelled) };
  }
  const { call, finish } = startStream(client, peer, method, request, options);
  /** Messages that arrived before the reader. */
  let held: StreamMessageOf<C[K]>[] = [];
  /** How the call ended, once it has. */
  let ended: { error?: unknown } | undefined;
  let reader: { onMessage: (message: StreamMessageOf<C[K]>) => void; resolve: () => void; reject: (error: unknown) => void } | undefined;
  let readerFailed = false;

  const deliver = (message: StreamMessageOf<C[K]>) => {
    if (readerFailed) return;
    if (!reader) {
      held.push(message);
      return;
    }
    try {
      reader.onMessage(message);
    } catch (error) {
      // A reader that fails stops the call; its own error is what it hears.
      readerFailed = true;
      ended ??= {};
      finish();
      reader.reject(error);
    }
  };
  const settle = () => {
    if (!reader || !ended || readerFailed) return;
    // Messages the call still buffers came before its end: each read() hands one to "data".
    while (call.read() !== null);
    if (readerFailed) return;
    if ("error" in ended) reader.reject(ended.error);
    else reader.resolve();
  };
  call.on("data", deliver);
  // Listened to from the start: a failure before anyone reads is kept for the reader, never thrown.
  call.on("error", (error: unknown) => {
    if (ended) return;
    ended = { error: finish(error) };
    settle();
  });
  call.on("end", () => {
    if (ended) return;
    ended = {};
    finish();
    settle();
  });
  return {
    read(onMessage) {
      return new Promise<void>((resolve, reject) => {
        reader = { onMessage, resolve, reject };
        const waiting = held;
        held = [];
        for (const message of waiting) {
          deliver(message);
          if (readerFailed) return;
        }
        settle();
      });
    },
  };
}
