import { setImmediate as nextTurn } from "node:timers/promises";
import type { ProviderCompletion, ProviderRequest, StreamPart } from "../../domain/generation.types";
import type { LlmProvider } from "../../domain/provider.client";
import { abortReason } from "./sdk-errors";
import { composeLocalAnswer, composeLocalSummary } from "./local-answer";

export const LOCAL_MODEL = "local-extractive";

/** Words per delta: small enough that the answer streams in several pieces like a real model's. */
const WORDS_PER_DELTA = 3;

/** No model: answers from the context passages it is given, or says plainly that no LLM is configured. */
export function createLocalProvider(config: { model?: string } = {}): LlmProvider {
  const model = config.model ?? LOCAL_MODEL;
  return {
    name: "local",
    defaultModel: model,
    writesSummaries: true,

    async *stream(request: ProviderRequest, signal: AbortSignal): AsyncIterable<StreamPart> {
      if (signal.aborted) throw abortReason(signal);
      yield { type: "response-start" };
      for (const piece of splitIntoDeltas(answerOf(request))) {
        // Yield the event loop between deltas so a cancellation is seen mid-answer.
        await nextTurn();
        if (signal.aborted) throw abortReason(signal);
        yield { type: "text-delta", text: piece };
      }
      yield { type: "finish", finishReason: "stop", usage: undefined, model };
    },

    async complete(request: ProviderRequest, signal: AbortSignal): Promise<ProviderCompletion> {
      if (signal.aborted) throw abortReason(signal);
      return { content: answerOf(request), finishReason: "stop", usage: undefined, model };
    },
  };
}

function answerOf(request: ProviderRequest): string {
  return request.task === "summary" ? composeLocalSummary(request.messages, request.parameters.maxNewTokens) : composeLocalAnswer(request.messages, request.context);
}

function splitIntoDeltas(text: string): string[] {
  const words = text.match(/\S+\s*|\s+/g) ?? [];
  const pieces: string[] = [];
  for (let index = 0; index < words.length; index += WORDS_PER_DELTA) pieces.push(words.slice(index, index + WORDS_PER_DELTA).join(""));
  return pieces;
}
