import { FEEDBACK_COMMENT_MAX_CHARACTERS, FEEDBACK_RATINGS, UNSTORABLE_TEXT_MESSAGE, isStorableText } from "@chatbot/core";
import { z } from "./openapi-zod";
import { PageSizeLimit } from "./common.schemas";

export const MessageIdParams = z.object({
  message_id: z.string().openapi({ description: "Message id (uuid)", example: "0f8fad5b-d9cb-469f-a165-70867728950e" }),
});

const rating = z.enum(FEEDBACK_RATINGS, { error: "must be up or down" });

export const FeedbackBody = z
  .object({
    rating: rating.openapi({ description: "up or down" }),
    comment: z
      .string({ error: "must be a string" })
      .max(FEEDBACK_COMMENT_MAX_CHARACTERS, `must be at most ${FEEDBACK_COMMENT_MAX_CHARACTERS} characters`)
      .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE)
      .optional()
      .openapi({ description: `At most ${FEEDBACK_COMMENT_MAX_CHARACTERS} characters; absent or empty means none`, example: "출처가 정확하고 설명이 친절했어요." }),
  })
  .openapi("FeedbackRequest");

export const FeedbackResponse = z
  .object({
    rating: z.enum(FEEDBACK_RATINGS),
    comment: z.string().nullable().openapi({ description: "null when none was given" }),
    updated_at: z.string().openapi({ description: "When the rating was last set (RFC 3339)" }),
  })
  .openapi("Feedback");

export const ListFeedbackQuery = z.object({
  rating: rating.optional().openapi({ description: "Only ratings of this kind; absent means both" }),
  limit: PageSizeLimit,
  cursor: z.string().optional().openapi({ description: "next_cursor of the previous page" }),
});

export const FeedbackItem = z
  .object({
    message_id: z.string().openapi({ description: "The rated answer" }),
    session_id: z.string(),
    rating: z.enum(FEEDBACK_RATINGS),
    comment: z.string().nullable(),
    updated_at: z.string(),
    model: z.string().nullable().openapi({ description: "The model that generated the answer; null when not recorded" }),
    provider: z.string().nullable().openapi({ description: "The LLM provider that generated it (after fallbacks); null when not recorded" }),
    answer: z.string().openapi({ description: "The answer's text" }),
    question: z
      .object({ message_id: z.string(), content: z.string(), created_at: z.string() })
      .nullable()
      .openapi({ description: "The user message it answered (its parent in the conversation); null when it follows no user message" }),
  })
  .openapi("FeedbackItem");

export const FeedbackListResponse = z
  .object({
    items: z.array(FeedbackItem),
    next_cursor: z.string().nullable().openapi({ description: "null on the last page" }),
  })
  .openapi("FeedbackList");
