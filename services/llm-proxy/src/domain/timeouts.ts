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
  const guard = new AbortController();
  const signal = AbortSignal.any([callerSignal, guard.signal]);
  const started = Date.now();
  const fire = (phase: TimeoutPhase, ms: number) => () => guard.abort(llmErrors.timeout(phase, ms, { provider }));
  const budget = totalBudget(timeouts, deadline, started);
  const totalTimer = setTimeout(fire(budget.phase, budget.ms), budget.ms);
  let phaseTimer = setTimeout(fire("connect", timeouts.connectMs), timeouts.connectMs);
  let sawText = false;
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
      }
      yield part;
    }
    if (signal.aborted) throw signal.reason;
  } catch (error) {
    throw translate(error, guard.signal, callerSignal, provider);
  } finally {
    clearTimeout(phaseTimer);
    clearTimeout(totalTimer);
    // Ends the upstream request if iteration stopped before the provider finished.
    if (!guard.signal.aborted) guard.abort(llmErrors.cancelled());
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
  const guard = new AbortController();
  const signal = AbortSignal.any([callerSignal, guard.signal]);
  const budget = totalBudget(timeouts, deadline);
  const timer = setTimeout(() => guard.abort(llmErrors.timeout(budget.phase, budget.ms, { provider })), budget.ms);
  try {
    return await call(signal);
  } catch (error) {
    throw translate(error, guard.signal, callerSignal, provider);
  } finally {
    clearTimeout(timer);
  }
}

function translate(error: unknown, guardSignal: AbortSignal, callerSignal: AbortSignal, provider: ProviderName): AppError {
  if (guardSignal.aborted && isAppError(guardSignal.reason) && guardSignal.reason.code === "upstream_timeout") return guardSignal.reason;
  if (callerSignal.aborted) return llmErrors.cancelled();
  if (isAppError(error)) return error;
  return llmErrors.protocol(`The ${provider} provider failed unexpectedly`, { provider, cause: error });
}
