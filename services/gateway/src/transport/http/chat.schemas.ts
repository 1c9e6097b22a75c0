import {
  MAX_NEW_TOKENS,
  MAX_STOP_SEQUENCES,
  MESSAGE_MAX_CHARACTERS,
  SEARCH_RESULTS_MAX,
  SEARCH_RESULTS_MIN,
  STOP_SEQUENCE_MAX_CHARACTERS,
  TEMPERATURE_MAX,
  TEMPERATURE_MIN,
  isStorableText,
  UNSTORABLE_TEXT_MESSAGE,
} from "@chatbot/core";
import { z } from "./openapi-zod";
import { Source, TokenUsage } from "./session.schemas";
import { SEARCH_RESULTS_MESSAGE, SearchFiltersSchema } from "./search.schemas";

const message = z
  .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") })
  .max(MESSAGE_MAX_CHARACTERS, `must be at most ${MESSAGE_MAX_CHARACTERS.toLocaleString("en")} characters`)
  .refine((value) => value.trim().length > 0, "must not be empty")
  // Refused here, before the session service would, so the answer names the field the client sent.
  .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE)
  .openapi({ example: "연말정산 서류는 언제까지 내야 하나요?" });

const generation = {
  max_new_tokens: z
    .number()
    .int("must be a whole number")
    .min(1, `must be between 1 and ${MAX_NEW_TOKENS}`)
    .max(MAX_NEW_TOKENS, `must be between 1 and ${MAX_NEW_TOKENS}`),
  temperature: z
    .number()
    .min(TEMPERATURE_MIN, `must be between ${TEMPERATURE_MIN} and ${TEMPERATURE_MAX}`)
    .max(TEMPERATURE_MAX, `must be between ${TEMPERATURE_MIN} and ${TEMPERATURE_MAX}`),
  top_p: z.number().gt(0, "must be above 0 and at most 1").max(1, "must be above 0 and at most 1"),
  k: z.number().int("must be a whole number").min(SEARCH_RESULTS_MIN, SEARCH_RESULTS_MESSAGE).max(SEARCH_RESULTS_MAX, SEARCH_RESULTS_MESSAGE),
};

const filters = SearchFiltersSchema;

/** Messages a client-held history may carry: the last few are what the LLM sees (MAX_CONTEXT_MESSAGES). */
export const HISTORY_MAX_MESSAGES = 200;

export const HistoryMessage = z
  .object({
    role: z.enum(["user", "assistant", "system"], { error: 'must be "user", "assistant" or "system"' }),
    content: message.openapi({ example: "연말정산은 무엇인가요?" }),
  })
  .openapi("HistoryMessage");

const history = z
  .array(HistoryMessage, { error: "must be a list of {role, content} messages" })
  .max(HISTORY_MAX_MESSAGES, `at most ${HISTORY_MAX_MESSAGES} messages`)
  .openapi({
    description:
      "Client-held context (stateless): the conversation before `message`, oldest first. Nothing is stored and no session is used; " +
      "the last MAX_CONTEXT_MESSAGES messages (the question among them) within CONTEXT_TOKEN_BUDGET are sent, as a session's would be. " +
      "Not with `session_id`.",
  });

/** `history` and `session_id` are two ways of giving the context; a request takes one. */
function oneContext(value: { session_id?: string | undefined; history?: unknown }, context: z.RefinementCtx): void {
  if (value.session_id !== undefined && value.history !== undefined) {
    context.addIssue({ code: "custom", path: ["history"], message: "cannot be combined with session_id: a session holds its own history" });
  }
}

const messageId = z.string({ error: "must be a message id" }).max(100, "must be a message id");

const parentMessageIdDescription =
  "Answer from this message of the session instead of its active branch: the question hangs under it and the context is the path from the first " +
  "message to it. To edit or ask again a question, give that question's parent (the assistant message before it); null (an empty value as a query " +
  "parameter) starts a new first question. Not a user message (422); unknown or another session's id: 404. The new turn becomes the active branch. " +
  "Needs session_id.";
const regenerateMessageIdDescription =
  "Answer again the question of this assistant message: the new reply is its sibling (both are kept) and no question is stored, so `message` must " +
  "be absent. Not an assistant message: 422; unknown or another session's id: 404. The new reply becomes the active branch. Needs session_id.";

/**
 * A turn asks `message`, optionally under a chosen message (`parent_message_id`), or answers a
 * reply's question again (`regenerate_message_id`, without `message`); both need the session.
 */
function oneTurn(
  value: { session_id?: string | undefined; message?: string | undefined; parent_message_id?: string | null | undefined; regenerate_message_id?: string | undefined },
  context: z.RefinementCtx,
): void {
  const regenerating = value.regenerate_message_id !== undefined;
  if (!regenerating && value.message === undefined) context.addIssue({ code: "custom", path: ["message"], message: "is required" });
  if (regenerating && value.message !== undefined) {
    context.addIssue({ code: "custom", path: ["message"], message: "must be absent with regenerate_message_id: the stored question is answered again" });
  }
  if (regenerating && value.parent_message_id !== undefined) {
    context.addIssue({ code: "custom", path: ["parent_message_id"], message: "cannot be combined with regenerate_message_id" });
  }
  if ((regenerating || value.parent_message_id !== undefined) && value.session_id === undefined) {
    context.addIssue({ code: "custom", path: [regenerating ? "regenerate_message_id" : "parent_message_id"], message: "needs session_id" });
  }
}

export const ChatBody = z
  .object({
    session_id: z.string().optional().openapi({ description: "Absent: a new session is created (unless `history` is given)" }),
    message: message.optional().openapi({ description: "The question; required unless `regenerate_message_id` is given (then absent)" }),
    parent_message_id: messageId.nullable().optional().openapi({ description: parentMessageIdDescription }),
    regenerate_message_id: messageId.optional().openapi({ description: regenerateMessageIdDescription }),
    history: history.optional(),
    max_new_tokens: generation.max_new_tokens.optional(),
    temperature: generation.temperature.optional(),
    do_sample: z.boolean({ error: "must be true or false" }).optional().openapi({ description: "false: greedy decoding" }),
    top_p: generation.top_p.optional(),
    stop: z
      .array(z.string().min(1, "must not be empty").max(STOP_SEQUENCE_MAX_CHARACTERS, `must be at most ${STOP_SEQUENCE_MAX_CHARACTERS} characters`), {
        error: "must be a list of strings",
      })
      .max(MAX_STOP_SEQUENCES, `at most ${MAX_STOP_SEQUENCES} stop sequences`)
      .optional(),
    use_rag: z.boolean({ error: "must be true or false" }).optional(),
    filters: filters.optional(),
    k: generation.k.optional(),
  })
  .superRefine(oneContext)
  .superRefine(oneTurn)
  .openapi("ChatRequest");

const booleanString = z.enum(["true", "false"], { error: "must be true or false" }).transform((value) => value === "true");

/** The same request as query parameters, for EventSource clients that can only GET. */
export const ChatQuery = z
  .object({
    session_id: z.string().optional(),
    message: message.optional().openapi({ description: "The question; required unless `regenerate_message_id` is given (then absent)" }),
    parent_message_id: messageId
      .optional()
      .transform((id) => (id === "" ? null : id))
      .openapi({ type: "string", description: parentMessageIdDescription }),
    regenerate_message_id: messageId.optional().openapi({ description: regenerateMessageIdDescription }),
    max_new_tokens: z.coerce.number({ error: "must be a number" }).pipe(generation.max_new_tokens).optional(),
    temperature: z.coerce.number({ error: "must be a number" }).pipe(generation.temperature).optional(),
    do_sample: booleanString.optional(),
    top_p: z.coerce.number({ error: "must be a number" }).pipe(generation.top_p).optional(),
    use_rag: booleanString.optional(),
    k: z.coerce.number({ error: "must be a number" }).pipe(generation.k).optional(),
    history: z
      .string()
      .transform((text, context) => {
        try {
          return JSON.parse(text) as unknown;
        } catch {
          context.addIssue({ code: "custom", message: "must be a JSON list of {role, content} messages" });
          return z.NEVER;
        }
      })
      .pipe(history)
      .optional()
      .openapi({ type: "string", description: 'Client-held context as JSON, e.g. `[{"role":"user","content":"안녕하세요"}]` (see ChatRequest.history)' }),
  })
  .superRefine(oneContext)
  .superRefine(oneTurn);

export const ChatResponse = z
  .object({
    message_id: z.string(),
    session_id: z.string().nullable().openapi({ description: "null when the request gave `history` (nothing is stored)" }),
    role: z.literal("assistant"),
    content: z.string(),
    created_at: z.string(),
    model: z.string(),
    finish_reason: z.string().openapi({ description: '"stop", "length", or "interrupted" when stopped' }),
    usage: TokenUsage.nullable(),
    sources: z.array(Source),
  })
  .openapi("ChatResponse");

export const StreamParams = z.object({ message_id: z.string() });

export const ResumeQuery = z.object({
  after: z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(0, "must not be negative")
    .optional()
    .openapi({ description: "Replay the events after this id (or send Last-Event-ID)" }),
});

export const StopResponse = z.object({ message_id: z.string(), status: z.literal("stopping") }).openapi("StopResponse");

export const sseResponse = {
  description:
    "Server-Sent Events, each with an `id:` and one JSON `data:` line (a ChatStreamEvent): first {session_id, message_id} (session_id null with `history`), then " +
    "{sources} when retrieval ran, {chunk} per delta, last {done: true, message_id, finish_reason, usage, model} " +
    "or {error: {code, message}}; `: ping` comments every 15 s of silence.",
  content: { "text/event-stream": { schema: z.string() } },
};
