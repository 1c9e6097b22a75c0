import type { ChatResult, ChatSource, ChatUsage } from "../../../domain/chat/chat.types";
import { extensionsOf } from "./chat-completions";
import type { ResponseInput } from "./openai.schemas";
import { eventLines } from "./openai-sse";
import { roleOf, textOf, type OpenAiTurn } from "./openai-turn";

/** A Responses API request as a turn: `instructions` is a system message before the input. */
export function responseTurn(body: ResponseInput): OpenAiTurn {
  const items = typeof body.input === "string" ? [{ role: "user", content: body.input }] : body.input;
  const messages: OpenAiTurn["messages"] = items.map((item, index) => ({
    role: roleOf(item.role ?? "user"),
    content: textOf(item.content),
    field: typeof body.input === "string" ? "input" : `input.${index}`,
  }));
  if (body.instructions) messages.unshift({ role: "system", content: body.instructions, field: "instructions" });
  return {
    messages,
    temperature: body.temperature,
    topP: body.top_p,
    maxTokens: body.max_output_tokens,
    sessionId: body.session_id,
    useRag: body.use_rag,
    k: body.k,
    filters: body.filters,
  };
}

/** What a response echoes of its request. */
export interface ResponseSettings {
  model: string;
  createdAt: number;
  instructions: string | null;
  maxOutputTokens: number | null;
  temperature: number;
  topP: number;
}

type ResponseStatus = "in_progress" | "completed" | "incomplete" | "failed";

interface ResponseState {
  id: string;
  messageId: string;
  status: ResponseStatus;
  model: string;
  text: string | undefined;
  usage: ChatUsage | null;
  error: { code: string; message: string } | null;
  sessionId: string | null;
  sources: ChatSource[] | undefined;
}

function responseUsage(usage: ChatUsage | null) {
  if (!usage) return null;
  return {
    input_tokens: usage.prompt_tokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: usage.completion_tokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: usage.total_tokens,
  };
}

function outputText(text: string) {
  return { type: "output_text", text, annotations: [], logprobs: [] };
}

function messageItem(messageId: string, status: "in_progress" | "completed" | "incomplete", text: string | undefined) {
  return { id: messageId, type: "message", status, role: "assistant", content: text === undefined ? [] : [outputText(text)] };
}

/** The `response` object in any state, with every field OpenAI's has. */
function responseObject(settings: ResponseSettings, state: ResponseState) {
  const itemStatus = state.status === "completed" ? "completed" : state.status === "incomplete" ? "incomplete" : "in_progress";
  return {
    id: state.id,
    object: "response",
    created_at: settings.createdAt,
    status: state.status,
    background: false,
    error: state.error,
    incomplete_details: state.status === "incomplete" ? { reason: "max_output_tokens" } : null,
    instructions: settings.instructions,
    max_output_tokens: settings.maxOutputTokens,
    model: state.model,
    output: state.text === undefined ? [] : [messageItem(state.messageId, itemStatus, state.text)],
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: false,
    temperature: settings.temperature,
    text: { format: { type: "text" } },
    tool_choice: "auto",
    tools: [],
    top_p: settings.topP,
    truncation: "disabled",
    usage: responseUsage(state.usage),
    user: null,
    metadata: {},
    ...extensionsOf(state.sessionId, state.sources),
  };
}

/** Ids as the Responses API spells them, around the message id /api uses. */
export function responseIds(messageId: string) {
  return { id: `resp_${messageId}`, messageId: `msg_${messageId}` };
}

/**
 * The whole response. A reply cut by max_output_tokens is `incomplete`, as OpenAI's is; one
 * stopped by a stop request (POST /api/chat/streams/{id}/stop) is too, as the nearest there is.
 */
export function presentResponse(result: ChatResult, settings: ResponseSettings) {
  const ids = responseIds(result.messageId);
  return responseObject(settings, {
    ...ids,
    status: result.finishReason === "length" || result.status === "interrupted" ? "incomplete" : "completed",
    model: result.model || settings.model,
    text: result.content,
    usage: result.usage,
    error: null,
    sessionId: result.sessionId,
    sources: result.searched ? result.sources : undefined,
  });
}

/**
 * The typed events of a streamed response, numbered by `sequence_number`: created and
 * in_progress, the output message and its text part added, a delta per piece of text, then
 * the text, part and message done and the response completed (or incomplete, or failed).
 */
export class ResponseEvents {
  private sequence = 0;
  private text = "";
  private readonly state: ResponseState;
  private readonly deltaHead: string;
  sources: ChatSource[] | undefined;

  constructor(
    private readonly settings: ResponseSettings,
    messageId: string,
    sessionId: string | null,
  ) {
    const ids = responseIds(messageId);
    this.state = { ...ids, status: "in_progress", model: settings.model, text: undefined, usage: null, error: null, sessionId, sources: undefined };
    this.deltaHead = `"item_id":${JSON.stringify(ids.messageId)},"output_index":0,"content_index":0,"delta":`;
  }

  private event(type: string, fields: Record<string, unknown>): string {
    return eventLines(type, JSON.stringify({ type, sequence_number: this.sequence++, ...fields }));
  }

  private response() {
    return responseObject(this.settings, { ...this.state, sources: this.state.status === "in_progress" ? undefined : this.sources });
  }

  private part() {
    return { item_id: this.state.messageId, output_index: 0, content_index: 0 };
  }

  /** The events every stream begins with, up to the empty text part the deltas fill. */
  first(): string {
    let text = this.event("response.created", { response: this.response() });
    text += this.event("response.in_progress", { response: this.response() });
    text += this.event("response.output_item.added", { output_index: 0, item: messageItem(this.state.messageId, "in_progress", undefined) });
    text += this.event("response.content_part.added", { ...this.part(), part: outputText("") });
    return text;
  }

  delta(piece: string): string {
    this.text += piece;
    const type = "response.output_text.delta";
    return eventLines(type, `{"type":"${type}","sequence_number":${this.sequence++},${this.deltaHead}${JSON.stringify(piece)},"logprobs":[]}`);
  }

  finish(reason: string, stopped: boolean, usage: ChatUsage | null, answeredBy: string): string {
    const incomplete = reason === "length" || stopped;
    const itemStatus = incomplete ? "incomplete" : "completed";
    let text = this.event("response.output_text.done", { ...this.part(), text: this.text, logprobs: [] });
    text += this.event("response.content_part.done", { ...this.part(), part: outputText(this.text) });
    text += this.event("response.output_item.done", { output_index: 0, item: messageItem(this.state.messageId, itemStatus, this.text) });
    Object.assign(this.state, { status: incomplete ? "incomplete" : "completed", model: answeredBy || this.settings.model, text: this.text, usage });
    text += this.event(incomplete ? "response.incomplete" : "response.completed", { response: this.response() });
    return text;
  }

  failed(code: string, message: string): string {
    Object.assign(this.state, { status: "failed", text: this.text, error: { code, message } });
    return this.event("response.failed", { response: this.response() });
  }
}
