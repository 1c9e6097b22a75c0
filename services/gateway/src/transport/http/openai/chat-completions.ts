import type { ChatCompletionInput } from "./openai.schemas";
import type { ChatResult, ChatSource, ChatUsage } from "../../../domain/chat/chat.types";
import { dataLine } from "./openai-sse";
import { roleOf, textOf, type OpenAiTurn } from "./openai-turn";

/** A chat completion request as a turn. */
export function chatCompletionTurn(body: ChatCompletionInput): OpenAiTurn {
  return {
    messages: body.messages.map((message, index) => ({ role: roleOf(message.role), content: textOf(message.content), field: `messages.${index}` })),
    temperature: body.temperature,
    topP: body.top_p,
    maxTokens: body.max_completion_tokens ?? body.max_tokens,
    stop: body.stop,
    sessionId: body.session_id,
    useRag: body.use_rag,
    k: body.k,
    filters: body.filters,
  };
}

/** OpenAI's finish reasons: a reply cut by max_tokens is `length`; any other end (a stop request too) is `stop`. */
export function finishReasonOf(reason: string): "stop" | "length" {
  return reason === "length" ? "length" : "stop";
}

export function usageOf(usage: ChatUsage | null): ChatUsage {
  return usage ?? { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
}

/** What the extensions add to a reply: the session it was stored in, the passages retrieval found. */
export function extensionsOf(sessionId: string | null, sources: ChatSource[] | undefined): { session_id?: string; sources?: ChatSource[] } {
  return { ...(sessionId === null ? {} : { session_id: sessionId }), ...(sources === undefined ? {} : { sources }) };
}

/** The `chat.completion` object of a whole reply. */
export function presentChatCompletion(result: ChatResult, requestedModel: string, created: number) {
  return {
    id: `chatcmpl-${result.messageId}`,
    object: "chat.completion",
    created,
    model: result.model || requestedModel,
    system_fingerprint: null,
    choices: [
      {
        index: 0,
        message: { role: "assistant", content: result.content, refusal: null, annotations: [] },
        logprobs: null,
        finish_reason: finishReasonOf(result.finishReason),
      },
    ],
    usage: usageOf(result.usage),
    ...extensionsOf(result.sessionId, result.searched ? result.sources : undefined),
  };
}

/**
 * The chunks of a streamed chat completion, as OpenAI writes them: a first chunk with the
 * role, one per delta, one with the finish reason (and the extensions), a usage chunk when
 * `include_usage` asked for it, then `[DONE]`. Every chunk carries the requested model
 * until the end, when the model that answered is known. A delta chunk is two fixed strings
 * around the text, so a token costs one small JSON.stringify.
 */
export class ChatCompletionChunks {
  private readonly head: string;
  private readonly deltaTail: string;
  private readonly usageField: string;
  sources: ChatSource[] | undefined;

  constructor(
    private readonly id: string,
    private readonly created: number,
    private readonly model: string,
    private readonly includeUsage: boolean,
    private readonly sessionId: string | null,
  ) {
    this.usageField = includeUsage ? ',"usage":null' : "";
    this.head = `{"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${created},"model":${JSON.stringify(model)},"system_fingerprint":null,"choices":[{"index":0,"delta":{"content":`;
    this.deltaTail = `},"logprobs":null,"finish_reason":null}]${this.usageField}}`;
  }

  private chunk(model: string, choices: unknown[], extra: Record<string, unknown> = {}): string {
    return dataLine(
      JSON.stringify({
        id: this.id,
        object: "chat.completion.chunk",
        created: this.created,
        model,
        system_fingerprint: null,
        choices,
        ...(this.includeUsage ? { usage: null } : {}),
        ...extra,
      }),
    );
  }

  first(): string {
    return this.chunk(
      this.model,
      [{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }],
      extensionsOf(this.sessionId, undefined),
    );
  }

  delta(text: string): string {
    return dataLine(`${this.head}${JSON.stringify(text)}${this.deltaTail}`);
  }

  /** The last chunks: the finish reason (with the extensions), the usage when asked for, `[DONE]`. */
  finish(reason: string, usage: ChatUsage | null, answeredBy: string): string {
    const model = answeredBy || this.model;
    let text = this.chunk(model, [{ index: 0, delta: {}, logprobs: null, finish_reason: finishReasonOf(reason) }], extensionsOf(this.sessionId, this.sources));
    if (this.includeUsage) {
      text += dataLine(
        JSON.stringify({ id: this.id, object: "chat.completion.chunk", created: this.created, model, system_fingerprint: null, choices: [], usage: usageOf(usage) }),
      );
    }
    return `${text}data: [DONE]\n\n`;
  }
}
