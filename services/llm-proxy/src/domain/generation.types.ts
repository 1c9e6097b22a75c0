import type { PassageFields } from "@chatbot/grpc";

/** The providers this proxy can talk to; `local` needs no model at all. */
export const PROVIDER_NAMES = ["openai", "anthropic", "llm-server", "local"] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export type ChatRole = "system" | "user" | "assistant";

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** A retrieved passage, cited in answers as [number] (llm.v1.ContextPassage). */
export type ContextPassage = PassageFields;

/** Sampling parameters in the Hugging Face vocabulary the public API speaks. */
export interface GenerationParameters {
  maxNewTokens: number;
  temperature: number;
  /** false: greedy decoding, which providers express as temperature 0 (clients/providers/sampling.ts). */
  doSample: boolean;
  topP: number | undefined;
  stop: string[];
}

/** What an answer is for: a reply to the conversation, or a summary of its turns (domain/summary-prompt.ts). */
export const GENERATION_TASKS = ["chat", "summary"] as const;
export type GenerationTask = (typeof GENERATION_TASKS)[number];

/** A validated request, independent of any transport. */
export interface GenerationRequest {
  messages: ChatMessage[];
  parameters: GenerationParameters;
  /** Empty: the configured model of the first provider in the chain. */
  model: string;
  requestId: string;
  /** Absolute deadline (Unix ms); undefined means only the proxy's own timeouts apply. */
  deadline: number | undefined;
  callerId: string;
  context: ContextPassage[];
  /** Absent: "chat". */
  task?: GenerationTask;
}

/** What one provider is asked: the request with the model resolved for that provider. */
export interface ProviderRequest {
  messages: ChatMessage[];
  parameters: GenerationParameters;
  model: string;
  context: ContextPassage[];
  /** Absent: "chat". A provider that does not write summaries itself gets them as a chat (summary-prompt.ts). */
  task?: GenerationTask;
}

export type FinishReason = "stop" | "length";

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/**
 * Parts of a provider stream, in order: `response-start` once the upstream has
 * accepted the request (headers received), any number of `text-delta`, then one `finish`.
 */
export type StreamPart =
  | { type: "response-start" }
  | { type: "text-delta"; text: string }
  | { type: "finish"; finishReason: FinishReason; usage: TokenUsage | undefined; model: string | undefined };

/** A provider's whole answer (non-streaming call). */
export interface ProviderCompletion {
  content: string;
  finishReason: FinishReason;
  usage: TokenUsage | undefined;
  model: string | undefined;
}

export interface Timings {
  timeToFirstTokenMs: number;
  totalMs: number;
  attempts: number;
}

/** The outcome of a generation as callers see it. */
export interface GenerationResult {
  content: string;
  finishReason: FinishReason;
  usage: TokenUsage & { reportedByProvider: boolean };
  model: string;
  provider: ProviderName;
  timings: Timings;
  cached: boolean;
}
