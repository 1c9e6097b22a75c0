import type * as grpc from "@grpc/grpc-js";
import type { Logger } from "@chatbot/core";
import { LazyAbort, isAppError } from "@chatbot/core";
import { SpanKind, extractTraceContext, withSpan } from "@chatbot/observability";
import { toServiceError } from "./error-mapping";

export interface CallContext {
  /** Aborted when the client cancels or its deadline passes. */
  signal: AbortSignal;
  metadata: grpc.Metadata;
}

/** What every handler of a service shares: where to log and how to record call outcomes. */
export interface HandlerRuntime {
  logger: Logger;
  observe?: (method: string, code: string, seconds: number) => void;
}

type AnyServerCall = grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown>;

/**
 * The signal is made when a handler first asks for it: most handlers never do, and grpc-js
 * reports every call as cancelled once its status is sent, so an eager controller would be
 * made, and aborted with a stack-captured error, on every call.
 */
class ServerCallContext implements CallContext {
  private readonly abort = new LazyAbort();

  constructor(readonly metadata: grpc.Metadata) {}

  get signal(): AbortSignal {
    return this.abort.signal;
  }

  cancel(): void {
    this.abort.abort("call cancelled by client");
  }
}

function contextOf(call: AnyServerCall): ServerCallContext {
  const context = new ServerCallContext(call.metadata);
  call.on("cancelled", () => context.cancel());
  return context;
}

/** Runs a handler inside a server span whose parent is the caller's trace context (gRPC metadata). */
function traced<T>(call: AnyServerCall, work: () => Promise<T>): Promise<T> {
  const parent = extractTraceContext((key) => {
    const value = call.metadata.get(key)[0];
    return typeof value === "string" ? value : undefined;
  });
  const path = call.getPath();
  return withSpan(path.slice(1), { kind: SpanKind.SERVER, parent, attributes: { "rpc.system": "grpc", "rpc.method": path } }, work);
}

function methodName(call: AnyServerCall): string {
  const path = call.getPath();
  return path.slice(path.lastIndexOf("/") + 1);
}

function report(runtime: HandlerRuntime, call: AnyServerCall, error: unknown): Partial<grpc.StatusObject> {
  if (!isAppError(error)) runtime.logger.error({ err: error, method: call.getPath() }, "unhandled error in gRPC handler");
  else if (error.kind === "internal") runtime.logger.error({ err: error, method: call.getPath() }, "internal error");
  return toServiceError(error);
}

/**
 * Adapts an async domain function to a gRPC unary handler: typed errors cross the
 * wire with their kind; unexpected ones are logged here, once, and sent as INTERNAL.
 */
export function unaryHandler<Req, Res>(runtime: HandlerRuntime, handle: (request: Req, context: CallContext) => Promise<Res>): grpc.handleUnaryCall<Req, Res> {
  return (call, callback) => {
    const started = performance.now();
    const anyCall = call as AnyServerCall;
    traced(anyCall, () => handle(call.request, contextOf(anyCall))).then(
      (response) => {
        runtime.observe?.(methodName(anyCall), "OK", (performance.now() - started) / 1000);
        callback(null, response);
      },
      (error: unknown) => {
        const status = report(runtime, anyCall, error);
        runtime.observe?.(methodName(anyCall), String(status.code), (performance.now() - started) / 1000);
        callback(status as grpc.ServiceError);
      },
    );
  };
}

/**
 * A service's unary calls in its wire types, one function per method of its generated
 * handlers type: what its gRPC server serves (`unaryHandlers`) and what a caller in the same
 * process calls directly (`inProcessInvoker`), so both edges parse and map alike.
 */
export type UnaryCalls<Handlers> = {
  // Generated handler types also carry grpc-js's `[name: string]` index signature: left out.
  [K in keyof Handlers as string extends K ? never : K]: Handlers[K] extends grpc.handleUnaryCall<infer Req, infer Res>
    ? (request: Req, context: CallContext) => Promise<Res>
    : never;
};

/** `unaryHandler` for every call of a service. */
export function unaryHandlers<Handlers>(runtime: HandlerRuntime, calls: UnaryCalls<Handlers>): Handlers {
  const entries = Object.entries(calls as Record<string, (request: unknown, context: CallContext) => Promise<unknown>>);
  return Object.fromEntries(entries.map(([method, call]) => [method, unaryHandler(runtime, call)])) as Handlers;
}

/** Server-streaming counterpart of `unaryHandler`: `handle` writes with `send` and resolves when done. */
export function streamHandler<Req, Res>(
  runtime: HandlerRuntime,
  handle: (request: Req, send: (message: Res) => void, context: CallContext) => Promise<void>,
): grpc.handleServerStreamingCall<Req, Res> {
  return (call) => {
    const started = performance.now();
    const anyCall = call as AnyServerCall;
    const context = contextOf(anyCall);
    traced(anyCall, () => handle(call.request, (message) => call.write(message), context)).then(
      () => {
        runtime.observe?.(methodName(anyCall), "OK", (performance.now() - started) / 1000);
        call.end();
      },
      (error: unknown) => {
        if (context.signal.aborted) {
          runtime.observe?.(methodName(anyCall), "CANCELLED", (performance.now() - started) / 1000);
          return;
        }
        const status = report(runtime, anyCall, error);
        runtime.observe?.(methodName(anyCall), String(status.code), (performance.now() - started) / 1000);
        call.emit("error", status);
      },
    );
  };
}
