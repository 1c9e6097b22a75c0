import { MESSAGE_MAX_CHARACTERS, errors, type FieldIssue } from "@chatbot/core";
import type { SearchService } from "../../../domain/search/search.service";
import type { CatalogModel } from "../../../domain/chat/model-catalog";
import { modelNotFound, parameterError } from "./openai-errors";
import type { EmbeddingInput } from "./openai.schemas";

/** OpenAI's limit on texts in one embeddings request; retrieval enforces the same. */
export const EMBEDDING_MAX_INPUTS = 2_048;

type TokenCounts = typeof import("@chatbot/tokens");
let counts: Promise<TokenCounts> | undefined;

/** The texts of an embeddings request; token arrays and empty or oversized texts are refused, naming the item. */
export function embeddingTexts(input: EmbeddingInput["input"]): string[] {
  const texts = typeof input === "string" ? [input] : input;
  const issues: FieldIssue[] = [];
  if (texts.length === 0) issues.push({ field: "input", message: "must contain at least one text" });
  if (texts.length > EMBEDDING_MAX_INPUTS) issues.push({ field: "input", message: `must contain at most ${EMBEDDING_MAX_INPUTS} texts` });
  texts.forEach((text, index) => {
    if (issues.length > 0) return;
    const field = typeof input === "string" ? "input" : `input.${index}`;
    if (typeof text === "number" || (Array.isArray(text) && text.every((token) => typeof token === "number"))) {
      issues.push({ field, message: "token arrays are not supported: send text" });
    } else if (typeof text !== "string") {
      issues.push({ field, message: "must be a string" });
    } else if (text.length === 0) {
      issues.push({ field, message: "must not be empty" });
    } else if (text.length > MESSAGE_MAX_CHARACTERS) {
      issues.push({ field, message: `must be at most ${MESSAGE_MAX_CHARACTERS.toLocaleString("en")} characters` });
    }
  });
  if (issues.length > 0) throw errors.validation(issues);
  return texts as string[];
}

/** The configured embedding model, when `model` names it; 404 `model_not_found` otherwise, saying why. */
export function checkEmbeddingModel(model: string, configured: CatalogModel | null, dimensions: number | null | undefined): CatalogModel {
  if (!configured) throw modelNotFound(model, ": no embedding model is configured on this server (EMBEDDING_PROVIDER=none)");
  if (configured.id !== model) throw modelNotFound(model, `; the embedding model served here is '${configured.id}'`);
  if (dimensions !== null && dimensions !== undefined && dimensions !== configured.dimensions) {
    throw parameterError("invalid_argument", "invalid_value", "dimensions", `'${model}' makes ${configured.dimensions}-dimensional vectors only`);
  }
  return configured;
}

/** base64 of the vector as little-endian float32, as OpenAI sends `encoding_format: "base64"`. */
function base64Of(values: number[]): string {
  const floats = Float32Array.from(values);
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString("base64");
}

/** Embeds through retrieval and answers OpenAI's `list` of `embedding` objects; usage is counted in o200k. */
export async function embed(search: SearchService, request: { tenantId: string; texts: string[]; model: string; encoding: "float" | "base64"; signal: AbortSignal }) {
  const answer = await search.embed(request.tenantId, request.texts, request.signal);
  counts ??= import("@chatbot/tokens");
  const { countTextTokensAsync } = await counts;
  let tokens = 0;
  for (const text of request.texts) tokens += await countTextTokensAsync(text, { signal: request.signal });
  return {
    body: {
      object: "list",
      data: answer.embeddings.map((embedding, index) => ({
        object: "embedding",
        index,
        embedding: request.encoding === "base64" ? base64Of(embedding.values) : embedding.values,
      })),
      model: answer.model || request.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
    tokens,
  };
}
