import { DEFAULT_MAX_NEW_TOKENS, DEFAULT_TEMPERATURE } from "@chatbot/core";
import type { llmV1 } from "@chatbot/grpc";
import { parseGenerationInput } from "../domain/generation.input";
import type { GenerationRequest, GenerationResult } from "../domain/generation.types";

/**
 * Checks a wire request (domain/generation.input.ts) and turns it into the domain's. What it
 * leaves out gets @chatbot/core's defaults (the gateway always sends its own).
 */
export function parseGenerateRequest(request: llmV1.GenerateRequestOutput): GenerationRequest {
  const {
    messages,
    max_new_tokens: maxNewTokens,
    temperature,
    top_p: topP,
    stop,
    task,
  } = parseGenerationInput({
    messages: request.messages,
    max_new_tokens: request.max_new_tokens ?? DEFAULT_MAX_NEW_TOKENS,
    temperature: request.temperature ?? DEFAULT_TEMPERATURE,
    top_p: request.top_p,
    stop: request.stop,
    // Empty is the proto default: a chat.
    task: request.task === "" ? undefined : request.task,
  });

  return {
    messages,
    parameters: {
      maxNewTokens,
      temperature,
      doSample: request.do_sample ?? true,
      topP,
      stop,
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
    ...(task === "summary" ? { task } : {}),
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
