import { MESSAGE_MAX_CHARACTERS, isStorableText, UNSTORABLE_TEXT_MESSAGE } from "@chatbot/core";
import { z } from "./openapi-zod";
import { Source, TokenUsage } from "./session.schemas";
import { SearchFiltersSchema } from "./search.schemas";

const message = z
  .string({ error: (issue) => (issue.input === undefined ? "is required" : "must be a string") })
  .max(MESSAGE_MAX_CHARACTERS, `must be at most ${MESSAGE_MAX_CHARACTERS.toLocaleString("en")} characters`)
  .refine((value) => value.trim().length > 0, "must not be empty")
  // Refused here, before the session service would, so the answer names the field the client sent.
  .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE)
  .openapi({ example: "연말정산 서류는 언제까지 내야 하나요?" });

const generation = {
  max_new_tokens: z.number().int("must be a whole number").min(1, "must be between 1 and 8192").max(8192, "must be between 1 and 8192"),
  temperature: z.number().min(0, "must be between 0 and 2").max(2, "must be between 0 and 2"),
  top_p: z.number().gt(0, "must be above 0 and at most 1").max(1, "must be above 0 and at most 1"),
  k: z.number().int("must be a whole number").min(1, "must be between 1 and 50").max(50, "must be between 1 and 50"),
};

const filters = SearchFiltersSchema;

export const ChatBody = z
  .object({
    session_id: z.string().optional().openapi({ description: "Absent: a new session is created" }),
    message,
    max_new_tokens: generation.max_new_tokens.optional(),
    temperature: generation.temperature.optional(),
    do_sample: z.boolean({ error: "must be true or false" }).optional().openapi({ description: "false: greedy decoding" }),
    top_p: generation.top_p.optional(),
    stop: z
      .array(z.string().min(1, "must not be empty").max(64, "must be at most 64 characters"), { error: "must be a list of strings" })
      .max(4, "at most 4 stop sequences")
      .optional(),
    use_rag: z.boolean({ error: "must be true or false" }).optional(),
    filters: filters.optional(),
    k: generation.k.optional(),
  })
  .openapi("ChatRequest");

const booleanString = z.enum(["true", "false"], { error: "must be true or false" }).transform((value) => value === "true");

/** The same request as query parameters, for EventSource clients that can only GET. */
export const ChatQuery = z.object({
  session_id: z.string().optional(),
  message,
  max_new_tokens: z.coerce.number({ error: "must be a number" }).pipe(generation.max_new_tokens).optional(),
  temperature: z.coerce.number({ error: "must be a number" }).pipe(generation.temperature).optional(),
  do_sample: booleanString.optional(),
  top_p: z.coerce.number({ error: "must be a number" }).pipe(generation.top_p).optional(),
  use_rag: booleanString.optional(),
  k: z.coerce.number({ error: "must be a number" }).pipe(generation.k).optional(),
});

export const ChatResponse = z
  .object({
    message_id: z.string(),
    session_id: z.string(),
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
    "Server-Sent Events, each with an `id:` and one JSON `data:` line: first {session_id, message_id}, then " +
    "{sources} when retrieval ran, {chunk} per delta, last {done: true, message_id, finish_reason, usage, model} " +
    "or {error: {code, message}}; `: ping` comments every 15 s of silence.",
  content: { "text/event-stream": { schema: z.string() } },
};
