import { MAX_NEW_TOKENS, MAX_STOP_SEQUENCES, TEMPERATURE_MAX, TEMPERATURE_MIN, errors, type FieldIssue } from "@chatbot/core";
import type { llmV1 } from "@chatbot/grpc";
import type { ChatRole, GenerationRequest, GenerationResult } from "../domain/generation.types";

export interface RequestDefaults {
  maxNewTokens: number;
  temperature: number;
}

const ROLES: readonly ChatRole[] = ["system", "user", "assistant"];

/** Checks a wire request and turns it into the domain's; every problem is reported at once, by field. */
export function parseGenerateRequest(request: llmV1.GenerateRequestOutput, defaults: RequestDefaults): GenerationRequest {
  const issues: FieldIssue[] = [];
  if (request.messages.length === 0) issues.push({ field: "messages", message: "must contain at least one message" });
  request.messages.forEach((message, index) => {
    if (!ROLES.includes(message.role as ChatRole)) issues.push({ field: `messages[${index}].role`, message: `must be one of ${ROLES.join(", ")}` });
  });
  const maxNewTokens = request.max_new_tokens ?? defaults.maxNewTokens;
  if (!Number.isInteger(maxNewTokens) || maxNewTokens < 1 || maxNewTokens > MAX_NEW_TOKENS) {
    issues.push({ field: "max_new_tokens", message: `must be a whole number from 1 to ${MAX_NEW_TOKENS}` });
  }
  const temperature = request.temperature ?? defaults.temperature;
  if (!(temperature >= TEMPERATURE_MIN && temperature <= TEMPERATURE_MAX)) {
    issues.push({ field: "temperature", message: `must be between ${TEMPERATURE_MIN} and ${TEMPERATURE_MAX}` });
  }
  if (request.top_p !== undefined && !(request.top_p > 0 && request.top_p <= 1)) issues.push({ field: "top_p", message: "must be greater than 0 and at most 1" });
  if (request.stop.length > MAX_STOP_SEQUENCES) issues.push({ field: "stop", message: `must have at most ${MAX_STOP_SEQUENCES} sequences` });
  if (request.stop.some((sequence) => sequence.length === 0)) issues.push({ field: "stop", message: "must not contain empty sequences" });
  if (issues.length > 0) throw errors.validation(issues);

  return {
    messages: request.messages.map((message) => ({ role: message.role as ChatRole, content: message.content })),
    parameters: {
      maxNewTokens,
      temperature,
      doSample: request.do_sample ?? true,
      topP: request.top_p,
      stop: request.stop,
    },
    model: request.model,
    requestId: request.request_id,
    deadline: request.deadline_unix_ms > 0 ? request.deadline_unix_ms : undefined,
    callerId: request.caller_id || "anonymous",
    context: request.context.map((passage, index) => ({
      number: passage.number > 0 ? passage.number : index + 1,
      documentId: passage.document_id,
      title: passage.title,
      page: passage.page,
      chunkIndex: passage.chunk_index,
      text: passage.text,
    })),
  };
}

export function toWireUsage(usage: GenerationResult["usage"]) {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.totalTokens,
    reported_by_provider: usage.reportedByProvider,
  };
}

export function toWireTimings(timings: GenerationResult["timings"]) {
  return {
    time_to_first_token_ms: round(timings.timeToFirstTokenMs),
    total_ms: round(timings.totalMs),
    attempts: timings.attempts,
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
