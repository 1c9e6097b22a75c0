import { MESSAGE_MAX_CHARACTERS, METADATA_MAX_BYTES } from "@chatbot/core";
import { z } from "./openapi-zod";
import { PageSizeLimit } from "./common.schemas";

/** METADATA_MAX_BYTES as the descriptions name it: "16 KiB". */
export const METADATA_MAX_SIZE = `${METADATA_MAX_BYTES / 1024} KiB`;

export const SessionIdParams = z.object({
  session_id: z.string().openapi({ description: "Session id (uuid)", example: "5b0c3f5e-3f7a-4d43-9f0e-3c3c1f0e7a11" }),
});

export const CreateSessionBody = z
  .object({
    metadata: z
      .record(z.string(), z.unknown(), { error: "must be a JSON object" })
      .optional()
      .openapi({ description: `Any JSON object, at most ${METADATA_MAX_SIZE}`, example: { user: "김민지", channel: "web" } }),
  })
  .openapi("CreateSessionRequest");

export const SessionResponse = z
  .object({
    session_id: z.string(),
    created_at: z.string(),
    last_accessed: z.string(),
    expires_at: z.string(),
    metadata: z.record(z.string(), z.unknown()),
    message_count: z.number().int().optional().openapi({ description: "Present on GET" }),
  })
  .openapi("Session");

export const ListMessagesQuery = z.object({
  limit: PageSizeLimit,
  before: z.string().optional().openapi({ description: "A message id: list the messages before it" }),
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
