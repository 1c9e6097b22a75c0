import { SpanKind, SpanStatusCode, context, propagation, trace, type Attributes, type Context, type Span } from "@opentelemetry/api";

export { SpanKind, SpanStatusCode, context, trace };
export type { Attributes, Context, Span };

/** With no SDK registered this is OpenTelemetry's no-op tracer: call sites never branch. */
export const tracer = trace.getTracer("chatbot");

/**
 * Runs `work` inside a new active span: an exception is recorded and marks the span as
 * an error, and the span always ends. Never put message or document text in attributes.
 */
export async function withSpan<T>(name: string, options: { kind?: SpanKind; attributes?: Attributes; parent?: Context }, work: (span: Span) => Promise<T>): Promise<T> {
  const parent = options.parent ?? context.active();
  const span = tracer.startSpan(name, { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes ?? {} }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), () => work(span));
  } catch (error) {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error)?.message });
    throw error;
  } finally {
    span.end();
  }
}

/** Sets W3C trace context (traceparent, tracestate) on an outgoing carrier. */
export function injectTraceContext(set: (key: string, value: string) => void, from: Context = context.active()): void {
  propagation.inject(from, undefined, { set: (_carrier, key, value) => set(key, value) });
}

/** Reads W3C trace context from an incoming carrier. */
export function extractTraceContext(get: (key: string) => string | undefined): Context {
  return propagation.extract(context.active(), undefined, {
    get: (_carrier, key) => get(key),
    keys: () => ["traceparent", "tracestate"],
  });
}
