import { createHash } from "node:crypto";
import type { ProviderRequest } from "./generation.types";

/**
 * The cache key of a deterministic request: a hash of what decides the answer, after
 * normalising what does not (line endings, surrounding whitespace, stop-sequence order,
 * temperature which greedy decoding ignores). Ids, callers and deadlines are left out.
 */
export function completionCacheKey(provider: string, request: ProviderRequest): string {
  const normalised = {
    v: 1,
    provider,
    model: request.model,
    task: request.task ?? "chat",
    messages: request.messages.map((message) => [message.role, normaliseText(message.content)]),
    max_new_tokens: request.parameters.maxNewTokens,
    stop: [...request.parameters.stop].sort(),
    context: request.context.map((passage) => [passage.number, passage.documentId, passage.chunkIndex, normaliseText(passage.text)]),
  };
  return createHash("sha256").update(JSON.stringify(normalised)).digest("hex");
}

function normaliseText(text: string): string {
  return text.replace(/\r\n?/g, "\n").trim();
}
