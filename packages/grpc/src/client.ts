import * as grpc from "@grpc/grpc-js";
import { SpanKind, injectTraceContext, withSpan } from "@chatbot/observability";
import { fromServiceError } from "./error-mapping";
import { MAX_MESSAGE_BYTES } from "./server";
import { NO_GRPC_SECURITY, type GrpcSecurity } from "./security/grpc-security";
import { channelCredentials, clientInterceptors } from "./security/credentials";

/**
 * Channel options for service-to-service calls. grpc-js backs off reconnects up to two
 * minutes by default; capping it at one second lets a restarted peer be used again
 * (and reported healthy) within a second or two. Channelz (call statistics for gRPC's
 * debugging service, which nothing here serves) costs timestamps and closures on every call.
 * Servers keep it: grpc-js only tracks a server's sessions, which a forced shutdown
 * closes, when channelz is on.
 */
export const CHANNEL_OPTIONS: grpc.ChannelOptions = {
  "grpc.enable_channelz": 0,
  "grpc.initial_reconnect_backoff_ms": 100,
  "grpc.max_reconnect_backoff_ms": 1000,
  "grpc.min_reconnect_backoff_ms": 100,
  "grpc.keepalive_time_ms": 30_000,
  "grpc.keepalive_timeout_ms": 5_000,
  "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
  "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
};

type ClientConstructor<C> = new (address: string, credentials: grpc.ChannelCredentials, options?: grpc.ClientOptions) => C;

/** A client of one peer, presenting this process's internal token and/or certificate on every call. */
export function createClient<C extends grpc.Client>(Client: ClientConstructor<C>, address: string, security: GrpcSecurity = NO_GRPC_SECURITY): C {
  return new Client(address, channelCredentials(security), clientOptions(security));
}

/** A fresh object per client: grpc-js deletes `interceptors` from the options it is given. */
export function clientOptions(security: GrpcSecurity): grpc.ClientOptions {
  return { ...CHANNEL_OPTIONS, interceptors: clientInterceptors(security) };
}

/** The request and response types of a generated unary method, read from its simplest overload. */
type UnaryMethod<Req, Res> = (argument: Req, callback: grpc.requestCallback<Res>) => grpc.ClientUnaryCall;
type RequestOf<M> = M extends (argument: infer Req, callback: grpc.requestCallback<infer _Res>) => grpc.ClientUnaryCall ? Req : never;
type ResponseOf<M> = M extends (argument: infer _Req, callback: grpc.requestCallback<infer Res>) => grpc.ClientUnaryCall ? Res : never;
type UnaryMethodNames<C> = {
  [K in keyof C]: C[K] extends UnaryMethod<never, unknown> ? (K extends `${Capitalize<string & K>}` ? K : never) : never;
}[keyof C];

/** Calls a service's unary methods by name, over a channel (`grpcInvoker`) or in this process (`inProcessInvoker`). */
export type UnaryInvoker<C> = <K extends UnaryMethodNames<C>>(method: K, request: RequestOf<C[K]>, options?: UnaryCallOptions) => Promise<ResponseOf<C[K]>>;

/** `callUnary` on one channel. */
export function grpcInvoker<C extends grpc.Client>(client: C, peer: string): UnaryInvoker<C> {
  return (method, request, options) => callUnary(client, peer, method, request, options);
}

export interface UnaryCallOptions {
  /** Per-call deadline; every service call has one. */
  timeoutMs?: number;
  signal?: AbortSignal;
  metadata?: grpc.Metadata;
}

export const DEFAULT_CALL_TIMEOUT_MS = 5000;

/**
 * Promise form of a unary call with a deadline and cancellation; failures come back
 * as AppError, whether the peer sent one or the transport failed.
 */
export function callUnary<C extends grpc.Client, K extends UnaryMethodNames<C>>(
  client: C,
  peer: string,
  method: K,
  request: RequestOf<C[K]>,
  options: UnaryCallOptions = {},
): Promise<ResponseOf<C[K]>> {
  return withSpan(`${peer}/${String(method)}`, { kind: SpanKind.CLIENT, attributes: { "rpc.system": "grpc", "rpc.service": peer, "rpc.method": String(method) } }, () =>
    invokeUnary(client, peer, method, request, options),
  );
}

function invokeUnary<C extends grpc.Client, K extends UnaryMethodNames<C>>(
  client: C,
  peer: string,
  method: K,
  request: RequestOf<C[K]>,
  options: UnaryCallOptions,
): Promise<ResponseOf<C[K]>> {
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(fromServiceError({ code: grpc.status.CANCELLED }, peer));
      return;
    }
    const deadline = new Date(Date.now() + (options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS));
    const invoke = client[method] as unknown as (
      request: unknown,
      metadata: grpc.Metadata,
      callOptions: grpc.CallOptions,
      callback: grpc.requestCallback<unknown>,
    ) => grpc.ClientUnaryCall;
    const metadata = options.metadata ?? new grpc.Metadata();
    injectTraceContext((key, value) => metadata.set(key, value));
    const onAbort = () => call.cancel();
    const call = invoke.call(client, request, metadata, { deadline }, (error, response) => {
      options.signal?.removeEventListener("abort", onAbort);
      if (error) reject(fromServiceError(error, peer));
      else resolve(response as ResponseOf<C[K]>);
    });
    options.signal?.addEventListener("abort", onAbort, { once: true });
  });
}
