import { MAX_NEW_TOKENS, MAX_STOP_SEQUENCES, SEARCH_RESULTS_MAX, SEARCH_RESULTS_MIN, TEMPERATURE_MAX, TEMPERATURE_MIN } from "@chatbot/core";
import { z } from "../openapi-zod";
import { DEFAULT_SEARCH_RESULTS, SEARCH_RESULTS_MESSAGE, SearchFiltersSchema } from "../search.schemas";
import { Source } from "../session.schemas";

/**
 * The OpenAI-compatible API's requests (what the gateway reads of them: any other field is
 * ignored, as OpenAI ignores fields it does not know) and responses, for validation and for
 * /openapi.json. Every optional field also takes null, as OpenAI's do.
 */

const required = (what: string) => ({ error: (issue: { input: unknown }) => (issue.input === undefined ? "is required" : `must be ${what}`) });

/** OpenAI's own limit on messages in one request. */
export const OPENAI_MAX_MESSAGES = 2_048;

const model = z.string(required("a string")).min(1, "must not be empty").openapi({ description: "An id from GET /v1/models", example: "gpt-4o-mini" });
const temperature = z
  .number({ error: "must be a number" })
  .min(TEMPERATURE_MIN, `must be between ${TEMPERATURE_MIN} and ${TEMPERATURE_MAX}`)
  .max(TEMPERATURE_MAX, `must be between ${TEMPERATURE_MIN} and ${TEMPERATURE_MAX}`);
const topP = z.number({ error: "must be a number" }).min(0, "must be between 0 and 1").max(1, "must be between 0 and 1");
const outputTokens = z
  .number({ error: "must be a whole number" })
  .int("must be a whole number")
  .min(1, `must be between 1 and ${MAX_NEW_TOKENS}`)
  .max(MAX_NEW_TOKENS, `must be between 1 and ${MAX_NEW_TOKENS}`);

/** The extensions: optional extra body fields (`extra_body` in the Python SDK, extra properties in the JS SDKs). */
const extensions = {
  session_id: z
    .string({ error: "must be a string" })
    .min(1, "must not be empty")
    .nullish()
    .openapi({
      description:
        'Extension: store the turn in this session and answer from its history, as /api/chat does; "new" creates a session. ' +
        "The response names it in `session_id`. Absent: stateless, nothing is stored.",
    }),
  use_rag: z
    .boolean({ error: "must be true or false" })
    .nullish()
    .openapi({ description: "Extension: search the tenant's documents and cite them. Default: false (stateless) or as /api/chat (with session_id)" }),
  filters: SearchFiltersSchema.nullish().openapi({ description: "Extension: restrict retrieval to these documents or sources" }),
  k: z
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(SEARCH_RESULTS_MIN, SEARCH_RESULTS_MESSAGE)
    .max(SEARCH_RESULTS_MAX, SEARCH_RESULTS_MESSAGE)
    .nullish()
    .openapi({ description: `Extension: passages to retrieve (default ${DEFAULT_SEARCH_RESULTS})` }),
};

const ContentPart = z.object({ type: z.string({ error: "must be a string" }), text: z.string({ error: "must be a string" }).optional() });

const ChatMessageIn = z
  .object({
    role: z.string(required("a string")).openapi({ description: '"system", "developer", "user" or "assistant"' }),
    content: z
      .union([z.string(), z.array(ContentPart)], { error: "must be a string or a list of text parts" })
      .nullish()
      .openapi({ description: 'A string, or a list of `{type: "text", text}` parts' }),
    tool_calls: z.array(z.unknown()).nullish().openapi({ description: "Not supported: must be absent or empty" }),
  })
  .openapi("OpenAiChatMessage");

const chatRoles = new Set(["system", "developer", "user", "assistant"]);

export const ChatCompletionBody = z
  .object({
    model,
    messages: z
      .array(ChatMessageIn, required("a list of messages"))
      .min(1, "must contain at least one message")
      .max(OPENAI_MAX_MESSAGES, `must contain at most ${OPENAI_MAX_MESSAGES} messages`),
    stream: z.boolean({ error: "must be true or false" }).nullish(),
    stream_options: z
      .object({ include_usage: z.boolean({ error: "must be true or false" }).nullish() })
      .nullish()
      .openapi({ description: "`include_usage`: a last chunk before `[DONE]` with the usage and no choices" }),
    temperature: temperature.nullish(),
    top_p: topP.nullish(),
    max_tokens: outputTokens.nullish(),
    max_completion_tokens: outputTokens.nullish(),
    stop: z
      .union(
        [
          z.string().min(1, "must not be empty"),
          z.array(z.string().min(1, "must not be empty")).max(MAX_STOP_SEQUENCES, `must have at most ${MAX_STOP_SEQUENCES} sequences`),
        ],
        { error: `must be a string or a list of at most ${MAX_STOP_SEQUENCES} strings` },
      )
      .nullish(),
    n: z.number({ error: "must be a whole number" }).int("must be a whole number").nullish().openapi({ description: "Only 1" }),
    response_format: z
      .object({ type: z.string({ error: "must be a string" }) })
      .nullish()
      .openapi({ description: 'Only `{"type": "text"}`' }),
    ...extensions,
  })
  .superRefine((body, context) => {
    if (body.n !== undefined && body.n !== null && body.n !== 1) context.addIssue({ code: "custom", path: ["n"], message: "only 1 is supported" });
    if (body.response_format && body.response_format.type !== "text") {
      context.addIssue({ code: "custom", path: ["response_format", "type"], message: 'only "text" is supported' });
    }
    body.messages.forEach((message, index) => {
      if (message.role === "tool" || message.role === "function") {
        context.addIssue({ code: "custom", path: ["messages", index, "role"], message: "tool and function messages are not supported: this endpoint calls no tools" });
      } else if (!chatRoles.has(message.role)) {
        context.addIssue({ code: "custom", path: ["messages", index, "role"], message: 'must be "system", "developer", "user" or "assistant"' });
      }
      if (message.tool_calls && message.tool_calls.length > 0) {
        context.addIssue({ code: "custom", path: ["messages", index, "tool_calls"], message: "tool calls are not supported" });
      }
      if (Array.isArray(message.content)) {
        message.content.forEach((part, partIndex) => {
          if (part.type !== "text" || typeof part.text !== "string") {
            context.addIssue({ code: "custom", path: ["messages", index, "content", partIndex], message: `only text parts are supported (got "${part.type}")` });
          }
        });
      }
    });
  })
  .openapi("OpenAiChatCompletionRequest");

export type ChatCompletionInput = z.output<typeof ChatCompletionBody>;

const InputItem = z
  .object({
    type: z.string({ error: "must be a string" }).optional().openapi({ description: '"message" (the only kind supported), or absent' }),
    role: z.string({ error: "must be a string" }).optional(),
    content: z.union([z.string(), z.array(ContentPart)], { error: "must be a string or a list of text parts" }).optional(),
  })
  .openapi("OpenAiResponseInputItem");

const inputRoles = new Set(["system", "developer", "user", "assistant"]);
const inputTextTypes = new Set(["input_text", "output_text"]);

export const ResponseBody = z
  .object({
    model,
    input: z
      .union([z.string(), z.array(InputItem).min(1, "must contain at least one item").max(OPENAI_MAX_MESSAGES, `must contain at most ${OPENAI_MAX_MESSAGES} items`)], {
        error: (issue) => (issue.input === undefined ? "is required" : "must be a string or a list of message items"),
      })
      .openapi({ description: "Text, or a list of message items (`input_text` / `output_text` parts)" }),
    instructions: z.string({ error: "must be a string" }).nullish().openapi({ description: "A system message before the input" }),
    stream: z.boolean({ error: "must be true or false" }).nullish(),
    temperature: temperature.nullish(),
    top_p: topP.nullish(),
    max_output_tokens: outputTokens.nullish(),
    previous_response_id: z
      .string()
      .nullish()
      .openapi({ description: "Not supported (responses are not stored): send the conversation in `input`, or use `session_id`" }),
    text: z
      .object({ format: z.object({ type: z.string({ error: "must be a string" }) }).nullish() })
      .nullish()
      .openapi({ description: 'Only `{"format": {"type": "text"}}`' }),
    ...extensions,
  })
  .superRefine((body, context) => {
    if (body.previous_response_id) {
      context.addIssue({
        code: "custom",
        path: ["previous_response_id"],
        message: "is not supported: responses are not stored; send the conversation in input, or use session_id",
      });
    }
    if (body.text?.format && body.text.format.type !== "text") {
      context.addIssue({ code: "custom", path: ["text", "format", "type"], message: 'only "text" is supported' });
    }
    if (typeof body.input === "string") return;
    body.input.forEach((item, index) => {
      if (item.type !== undefined && item.type !== "message") {
        context.addIssue({ code: "custom", path: ["input", index, "type"], message: `only message items are supported (got "${item.type}")` });
        return;
      }
      if (item.role === undefined || !inputRoles.has(item.role)) {
        context.addIssue({ code: "custom", path: ["input", index, "role"], message: 'must be "system", "developer", "user" or "assistant"' });
      }
      if (item.content === undefined) context.addIssue({ code: "custom", path: ["input", index, "content"], message: "is required" });
      if (Array.isArray(item.content)) {
        item.content.forEach((part, partIndex) => {
          if (!inputTextTypes.has(part.type) || typeof part.text !== "string") {
            context.addIssue({
              code: "custom",
              path: ["input", index, "content", partIndex],
              message: `only input_text and output_text parts are supported (got "${part.type}")`,
            });
          }
        });
      }
    });
  })
  .openapi("OpenAiResponseRequest");

export type ResponseInput = z.output<typeof ResponseBody>;

export const EmbeddingBody = z
  .object({
    model,
    input: z
      .union([z.string(), z.array(z.unknown())], {
        error: (issue) => (issue.input === undefined ? "is required" : "must be a string or a list of strings"),
      })
      .openapi({ description: "A string or a list of 1..2,048 strings (token arrays are not supported)" }),
    encoding_format: z.enum(["float", "base64"], { error: 'must be "float" or "base64"' }).nullish(),
    dimensions: z.number({ error: "must be a whole number" }).int("must be a whole number").min(1, "must be at least 1").nullish().openapi({
      description: "Only the model's own size",
    }),
  })
  .openapi("OpenAiEmbeddingRequest");

export type EmbeddingInput = z.output<typeof EmbeddingBody>;

export const ModelParams = z.object({ model: z.string().openapi({ example: "gpt-4o-mini" }) });

// Responses, for the document. The wire objects themselves are written by the presenters.

const OpenAiErrorObject = z
  .object({
    error: z.object({
      message: z.string(),
      type: z.string().openapi({ example: "invalid_request_error" }),
      param: z.string().nullable().openapi({ example: "messages[0].role" }),
      code: z.string().nullable().openapi({ example: "invalid_value" }),
    }),
  })
  .openapi("OpenAiError");

export function openAiErrorResponse(description: string) {
  return { description, content: { "application/json": { schema: OpenAiErrorObject } } };
}

export const OpenAiModel = z.object({ id: z.string(), object: z.literal("model"), created: z.number().int(), owned_by: z.string() }).openapi("OpenAiModel");

export const OpenAiModelList = z.object({ object: z.literal("list"), data: z.array(OpenAiModel) }).openapi("OpenAiModelList");

const ChatUsage = z.object({ prompt_tokens: z.number().int(), completion_tokens: z.number().int(), total_tokens: z.number().int() });

const sourcesField = z.array(Source).optional().openapi({ description: "Extension: the passages retrieval found, when it ran" });
const sessionField = z.string().optional().openapi({ description: "Extension: the session the turn was stored in, when session_id was given" });

export const ChatCompletion = z
  .object({
    id: z.string().openapi({ example: "chatcmpl-4f1c2a9e-0d5b-4c1e-9a7f-2b3c4d5e6f70", description: "`chatcmpl-` and the message id /api uses" }),
    object: z.literal("chat.completion"),
    created: z.number().int(),
    model: z.string(),
    system_fingerprint: z.null(),
    choices: z.array(
      z.object({
        index: z.number().int(),
        message: z.object({ role: z.literal("assistant"), content: z.string(), refusal: z.null(), annotations: z.array(z.unknown()) }),
        logprobs: z.null(),
        finish_reason: z.enum(["stop", "length"]),
      }),
    ),
    usage: ChatUsage,
    session_id: sessionField,
    sources: sourcesField,
  })
  .openapi("OpenAiChatCompletion");

export const chatCompletionStream = {
  description:
    "Server-Sent Events, one `data:` line each: `chat.completion.chunk` objects (the first with `delta.role`, then `delta.content` " +
    "per piece, the last with `finish_reason`, and `session_id` / `sources` when they apply), a chunk with `usage` and no choices " +
    'when `stream_options.include_usage` is set, then `data: [DONE]`. A failure after the first chunk is a `data: {"error": {...}}` line ' +
    "and the stream ends; one before it is an HTTP error.",
  content: { "text/event-stream": { schema: z.string() } },
};

const ResponseUsage = z.object({
  input_tokens: z.number().int(),
  input_tokens_details: z.object({ cached_tokens: z.number().int() }),
  output_tokens: z.number().int(),
  output_tokens_details: z.object({ reasoning_tokens: z.number().int() }),
  total_tokens: z.number().int(),
});

export const OpenAiResponse = z
  .object({
    id: z.string().openapi({ example: "resp_4f1c2a9e-0d5b-4c1e-9a7f-2b3c4d5e6f70" }),
    object: z.literal("response"),
    created_at: z.number().int(),
    status: z.enum(["completed", "incomplete", "in_progress", "failed"]),
    error: z.object({ code: z.string(), message: z.string() }).nullable(),
    incomplete_details: z.object({ reason: z.string() }).nullable(),
    instructions: z.string().nullable(),
    max_output_tokens: z.number().int().nullable(),
    model: z.string(),
    output: z.array(
      z.object({
        id: z.string().openapi({ example: "msg_4f1c2a9e-0d5b-4c1e-9a7f-2b3c4d5e6f70" }),
        type: z.literal("message"),
        status: z.string(),
        role: z.literal("assistant"),
        content: z.array(z.object({ type: z.literal("output_text"), text: z.string(), annotations: z.array(z.unknown()) })),
      }),
    ),
    usage: ResponseUsage.nullable(),
    session_id: sessionField,
    sources: sourcesField,
  })
  .openapi("OpenAiResponse");

export const responseStream = {
  description:
    "Server-Sent Events, each an `event:` line naming its type and a `data:` line with it and `sequence_number`: `response.created`, " +
    "`response.in_progress`, `response.output_item.added`, `response.content_part.added`, `response.output_text.delta` per piece, " +
    "`response.output_text.done`, `response.content_part.done`, `response.output_item.done`, then `response.completed` " +
    "(or `response.incomplete` when max_output_tokens cut it, `response.failed` on failure).",
  content: { "text/event-stream": { schema: z.string() } },
};

export const EmbeddingList = z
  .object({
    object: z.literal("list"),
    data: z.array(
      z.object({
        object: z.literal("embedding"),
        index: z.number().int(),
        embedding: z.union([z.array(z.number()), z.string()]).openapi({ description: "Numbers, or base64 of little-endian float32 with encoding_format base64" }),
      }),
    ),
    model: z.string(),
    usage: z.object({ prompt_tokens: z.number().int(), total_tokens: z.number().int() }),
  })
  .openapi("OpenAiEmbeddingList");
