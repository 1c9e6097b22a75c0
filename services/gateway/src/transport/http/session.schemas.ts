import {
  MESSAGE_MAX_CHARACTERS,
  METADATA_MAX_BYTES,
  DEFAULT_SESSION_SEARCH_RESULTS,
  SESSION_SEARCH_QUERY_MAX_CHARACTERS,
  SESSION_SEARCH_RESULTS_MAX,
  UNSTORABLE_TEXT_MESSAGE,
  isStorableText,
  SESSION_AUTO_TITLE_MAX_CHARACTERS,
  SESSION_TITLE_MAX_CHARACTERS,
  SUMMARY_MAX_TOKENS,
  USER_ID_MAX_CHARACTERS,
} from "@chatbot/core";
import { z } from "./openapi-zod";
import { PageSizeLimit } from "./common.schemas";
import { FeedbackResponse } from "./feedback.schemas";

/** METADATA_MAX_BYTES as the descriptions name it: "16 KiB". */
export const METADATA_MAX_SIZE = `${METADATA_MAX_BYTES / 1024} KiB`;

export const SessionIdParams = z.object({
  session_id: z.string().openapi({ description: "Session id (uuid)", example: "5b0c3f5e-3f7a-4d43-9f0e-3c3c1f0e7a11" }),
});

/** A session owner's id as the frontend names it: the rules of a tenant id. */
export const UserId = z
  .string({ error: "must be a string" })
  .min(1, "must not be empty")
  .max(USER_ID_MAX_CHARACTERS, `must be at most ${USER_ID_MAX_CHARACTERS} characters`)
  .refine((userId) => userId === userId.trim(), "must not start or end with spaces")
  .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE)
  .openapi({ description: `The owner, as the frontend names its user (per tenant), 1..${USER_ID_MAX_CHARACTERS} characters`, example: "user-8f3a" });

export const SessionTitle = z
  .string({ error: "must be a string" })
  .refine((title) => title.trim().length > 0, "must not be empty")
  .refine((title) => title.length <= SESSION_TITLE_MAX_CHARACTERS, `must be at most ${SESSION_TITLE_MAX_CHARACTERS} characters`)
  .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE)
  .openapi({ description: `1..${SESSION_TITLE_MAX_CHARACTERS} characters`, example: "예약 변경 문의" });

export const CreateSessionBody = z
  .object({
    user_id: UserId.optional(),
    title: SessionTitle.optional().openapi({
      description: `1..${SESSION_TITLE_MAX_CHARACTERS} characters; absent: the first user message (up to ${SESSION_AUTO_TITLE_MAX_CHARACTERS} characters) becomes the title`,
    }),
    metadata: z
      .record(z.string(), z.unknown(), { error: "must be a JSON object" })
      .optional()
      .openapi({ description: `Any JSON object, at most ${METADATA_MAX_SIZE}`, example: { user: "김민지", channel: "web" } }),
  })
  .openapi("CreateSessionRequest");

export const ConversationSummaryResponse = z
  .object({
    content: z.string().openapi({
      description: `The summary sent to the LLM ahead of the context window (a system message), at most ${SUMMARY_MAX_TOKENS} tokens; written by the configured LLM, or extractive (first sentence of each turn and those with numbers) when it fails or with the local provider`,
      example: "- 사용자: 제 이름은 김민수이고 사번은 4821입니다.",
    }),
    through_message_id: z.string().openapi({ description: "The last message it covers: it summarises the conversation from its start through this message" }),
    updated_at: z.string().openapi({ description: "When it was last refreshed (RFC 3339)" }),
  })
  .openapi("ConversationSummary");

export const SessionResponse = z
  .object({
    session_id: z.string(),
    created_at: z.string(),
    last_accessed: z.string(),
    expires_at: z.string(),
    metadata: z.record(z.string(), z.unknown()),
    user_id: z.string().nullable().openapi({ description: "The owner; null when none" }),
    title: z.string().nullable().openapi({ description: "Given, or the first user message; null until then" }),
    last_activity_at: z.string().openapi({ description: "When the last message was appended, else created_at" }),
    message_count: z.number().int().optional().openapi({ description: "Present on GET" }),
    summary: ConversationSummaryResponse.nullable()
      .optional()
      .openapi({ description: "Present on GET: the running summary of the turns that fell out of the context window; null until the first turn falls out" }),
  })
  .openapi("Session");

export const UpdateSessionBody = z.object({ title: SessionTitle }).openapi("UpdateSessionRequest");

export const ListSessionsQuery = z.object({
  user_id: UserId.optional().openapi({ description: "Only this owner's sessions" }),
  limit: PageSizeLimit,
  cursor: z.string().optional().openapi({ description: "next_cursor of the previous page" }),
});

export const SessionListResponse = z
  .object({
    sessions: z.array(SessionResponse),
    next_cursor: z.string().nullable().openapi({ description: "null on the last page" }),
  })
  .openapi("SessionList");

const searchLimitMessage = `must be a whole number from 1 to ${SESSION_SEARCH_RESULTS_MAX}`;

export const SearchSessionsQuery = z.object({
  q: z
    .string({ error: "is required" })
    .min(1, "is required")
    .max(SESSION_SEARCH_QUERY_MAX_CHARACTERS, `must be at most ${SESSION_SEARCH_QUERY_MAX_CHARACTERS} characters`)
    .openapi({
      description: `Words to find, 1..${SESSION_SEARCH_QUERY_MAX_CHARACTERS} characters; Korean is matched by syllable pairs as in document search, so "부산" finds "부산에서"`,
      example: "해운대 맛집",
    }),
  user_id: UserId.optional().openapi({ description: "Only this owner's sessions" }),
  limit: z.coerce
    .number({ error: searchLimitMessage })
    .int(searchLimitMessage)
    .min(1, searchLimitMessage)
    .max(SESSION_SEARCH_RESULTS_MAX, searchLimitMessage)
    .default(DEFAULT_SESSION_SEARCH_RESULTS)
    .openapi({ description: `Sessions to return, 1..${SESSION_SEARCH_RESULTS_MAX} (${DEFAULT_SESSION_SEARCH_RESULTS})` }),
});

export const SessionSearchResponse = z
  .object({
    results: z.array(
      z
        .object({
          session_id: z.string(),
          title: z.string().nullable(),
          user_id: z.string().nullable(),
          last_activity_at: z.string(),
          score: z.number().openapi({ description: "BM25 over the session's finished messages and title; higher is better" }),
          snippet: z.string().openapi({ description: "Plain text (not HTML), about 140 characters around the first match of the best-matching message or the title" }),
          highlights: z
            .array(z.tuple([z.number().int(), z.number().int()]))
            .openapi({ description: "[start, end) of each matched word in snippet, in UTF-16 code units (JavaScript string indexes)", example: [[12, 15]] }),
          message_id: z.string().nullable().openapi({ description: "The snippet's message; null when the snippet is the title" }),
        })
        .openapi("SessionSearchResult"),
    ),
  })
  .openapi("SessionSearchResults");

export const ListMessagesQuery = z.object({
  limit: PageSizeLimit,
  before: z.string().optional().openapi({ description: "A message id: list the messages before it" }),
  message_id: z
    .string()
    .optional()
    .openapi({
      description:
        "List the branch through this message instead of the active one: from the first message down to this message's newest descendant " +
        "(the newest child at each step). To make it the active branch, continue it: chat with `parent_message_id` set to its last message.",
    }),
});

export const TokenUsage = z.object({ prompt_tokens: z.number().int(), completion_tokens: z.number().int(), total_tokens: z.number().int() }).openapi("TokenUsage");

export const Source = z
  .object({
    document_id: z.string(),
    title: z.string(),
    page: z.number().int().nullable(),
    chunk_index: z.number().int(),
    snippet: z.string(),
    score: z.number(),
  })
  .openapi("Source");

export const MessageResponse = z
  .object({
    message_id: z.string(),
    session_id: z.string(),
    role: z.enum(["user", "assistant", "system"]),
    content: z.string(),
    created_at: z.string(),
    token_usage: TokenUsage.nullable(),
    status: z.enum(["complete", "interrupted", "failed"]),
    sources: z.array(Source),
    model: z.string().nullable(),
    finish_reason: z.string().nullable(),
    error_code: z.string().nullable(),
    parent_message_id: z.string().nullable().openapi({ description: "The message this one follows (the question a reply answers); null for a first message" }),
    sibling_ids: z
      .array(z.string())
      .optional()
      .openapi({
        description:
          "In listings: the ids of the messages with the same parent, this one included, oldest first (more than one after an edit or a regeneration); " +
          "list another with `?message_id=`",
      }),
    feedback: FeedbackResponse.nullable().openapi({ description: "The tenant's rating of this answer (PUT /api/messages/{id}/feedback); null when none" }),
  })
  .openapi("Message");

export const ListMessagesResponse = z.object({ messages: z.array(MessageResponse), has_more: z.boolean() }).openapi("MessageList");

export const AppendMessageBody = z
  .object({
    role: z.enum(["user", "assistant", "system"], { error: "must be user, assistant or system" }),
    content: z
      .string({ error: "must be a string" })
      .min(1, "must not be empty")
      .max(MESSAGE_MAX_CHARACTERS, `must be at most ${MESSAGE_MAX_CHARACTERS.toLocaleString("en")} characters`)
      .openapi({ example: "안녕하세요, 예약을 변경하고 싶어요." }),
  })
  .openapi("AppendMessageRequest");
