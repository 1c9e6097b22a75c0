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
  const invoke = client[method] as unknown as (
    request: unknown,
    metadata: grpc.Metadata,
    callOptions: grpc.CallOptions,
  ) => grpc.ClientReadableStream<unknown>;
  const callOptions: grpc.CallOptions = options.timeoutMs ? { deadline: new Date(Date.now() + options.timeoutMs) } : {};
  // The span covers the whole stream; a generator cannot hold an active context across
  // yields, so it is started explicitly and its context injected by hand.
  const span = tracer.startSpan(`${peer}/${String(method)}`, {
    kind: SpanKind.CLIENT,
    attributes: { "rpc.system": "grpc", "rpc.service": peer, "rpc.method": String(method) },
  });
  const metadata = options.metadata ?? new grpc.Metadata();
  injectTraceContext((key, value) => metadata.set(key, value), trace.setSpan(context.active(), span));
  const call = invoke.call(client, request, metadata, callOptions);
  const onAbort = () => call.cancel();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    for await (const message of call) yield message as StreamMessageOf<C[K]>;
  } catch (error) {
    const mapped = fromServiceError(error, peer);
    span.recordException(mapped);
    span.setStatus({ code: SpanStatusCode.ERROR, message: mapped.code });
    throw mapped;
  } finally {
    span.end();
    options.signal?.removeEventListener("abort", onAbort);
    // A consumer that stops early must not leave the upstream generating.
    call.cancel();
  }
}
