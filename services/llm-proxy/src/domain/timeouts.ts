import { isAppError, type AppError } from "@chatbot/core";
import { llmErrors, type TimeoutPhase } from "./llm-errors";
import type { ProviderName, StreamPart } from "./generation.types";

export interface LlmTimeouts {
  /** Until the upstream answers with headers. */
  connectMs: number;
  /** From the request to the first text delta. */
  firstTokenMs: number;
  /** Longest silence between two deltas. */
  idleMs: number;
  /** The whole generation. */
  totalMs: number;
}

/** The total budget: the proxy's own limit or the caller's deadline, whichever is sooner. */
export function totalBudget(timeouts: LlmTimeouts, deadline: number | undefined, now = Date.now()): { ms: number; phase: TimeoutPhase } {
  if (deadline === undefined) return { ms: timeouts.totalMs, phase: "total" };
  const remaining = deadline - now;
  return remaining < timeouts.totalMs ? { ms: Math.max(0, remaining), phase: "deadline" } : { ms: timeouts.totalMs, phase: "total" };
}

/**
 * Runs one upstream stream under the timeouts. A timeout aborts the upstream request
 * (its signal reaches the HTTP call) with a typed `upstream_timeout`; a caller's
 * cancellation becomes `cancelled`; stopping iteration early aborts the request too.
 */
export async function* guardStream(
  provider: ProviderName,
  open: (signal: AbortSignal) => AsyncIterable<StreamPart>,
  callerSignal: AbortSignal,
  timeouts: LlmTimeouts,
  deadline: number | undefined,
): AsyncGenerator<StreamPart> {
  const { guard, unlink } = followCaller(callerSignal);
  const signal = guard.signal;
  const started = Date.now();
  const fire = (phase: TimeoutPhase, ms: number) => () => guard.abort(llmErrors.timeout(phase, ms, { provider }));
  const budget = totalBudget(timeouts, deadline, started);
  const totalTimer = setTimeout(fire(budget.phase, budget.ms), budget.ms);
  let phaseTimer = setTimeout(fire("connect", timeouts.connectMs), timeouts.connectMs);
  let sawText = false;
  let finished = false;
  try {
    for await (const part of open(signal)) {
      if (part.type === "response-start") {
        clearTimeout(phaseTimer);
        const remaining = Math.max(0, timeouts.firstTokenMs - (Date.now() - started));
        phaseTimer = setTimeout(fire("first_token", timeouts.firstTokenMs), remaining);
      } else if (part.type === "text-delta") {
        if (sawText) phaseTimer.refresh();
        else {
          sawText = true;
          clearTimeout(phaseTimer);
          phaseTimer = setTimeout(fire("idle", timeouts.idleMs), timeouts.idleMs);
        }
      } else if (part.type === "finish") finished = true;
      yield part;
    }
    if (signal.aborted) throw signal.reason;
  } catch (error) {
    throw translate(error, guard.signal, callerSignal, provider);
  } finally {
    clearTimeout(phaseTimer);
    clearTimeout(totalTimer);
    unlink();
    // Ends the upstream request if iteration stopped before the provider finished. A provider
    // yields its finish only after the whole reply was read, so then there is nothing to end
    // (and no error, with its stack, to build on every normal end).
    if (!finished && !guard.signal.aborted) guard.abort(llmErrors.cancelled());
  }
}

/** Runs one non-streaming upstream call under the total budget. */
export async function guardCall<T>(
  provider: ProviderName,
  call: (signal: AbortSignal) => Promise<T>,
  callerSignal: AbortSignal,
  timeouts: LlmTimeouts,
  deadline: number | undefined,
): Promise<T> {
  const { guard, unlink } = followCaller(callerSignal);
  const signal = guard.signal;
  const budget = totalBudget(timeouts, deadline);
  const timer = setTimeout(() => guard.abort(llmErrors.timeout(budget.phase, budget.ms, { provider })), budget.ms);
  try {
    return await call(signal);
  } catch (error) {
    throw translate(error, guard.signal, callerSignal, provider);
  } finally {
    clearTimeout(timer);
    unlink();
  }
}

/**
 * A controller that our timeouts abort and that follows the caller's signal (with the
 * caller's reason), as `AbortSignal.any` would, but with one listener instead of a
 * composite signal: `AbortSignal.any` costs several microseconds and extra garbage per
 * request on Node 20, and the SDK composes its own signal from ours anyway.
 */
function followCaller(callerSignal: AbortSignal): { guard: AbortController; unlink: () => void } {
  const guard = new AbortController();
  if (callerSignal.aborted) {
    guard.abort(callerSignal.reason);
    return { guard, unlink: () => undefined };
  }
  const follow = () => guard.abort(callerSignal.reason);
  callerSignal.addEventListener("abort", follow, { once: true });
  return { guard, unlink: () => callerSignal.removeEventListener("abort", follow) };
}

function translate(error: unknown, guardSignal: AbortSignal, callerSignal: AbortSignal, provider: ProviderName): AppError {
  if (timedOut(guardSignal, callerSignal)) return guardSignal.reason as AppError;
  if (callerSignal.aborted) return llmErrors.cancelled();
  if (isAppError(error)) return error;
  return llmErrors.protocol(`The ${provider} provider failed unexpectedly`, { provider, cause: error });
}

/** Our own timeout fired first (the guard's reason is not one it took from the caller). */
function timedOut(guardSignal: AbortSignal, callerSignal: AbortSignal): boolean {
  const reason: unknown = guardSignal.reason;
  return guardSignal.aborted && reason !== callerSignal.reason && isAppError(reason) && reason.code === "upstream_timeout";
}
