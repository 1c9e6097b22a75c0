import { FEEDBACK_COMMENT_MAX_CHARACTERS } from "@chatbot/core";
import type { FeedbackService } from "../../domain/feedback/feedback.service";
import type { ApiRoutes } from "./api-routes";
import { errorResponse, jsonResponse, PAGE_SIZE_RANGE } from "./common.schemas";
import { presentFeedback, presentFeedbackItem } from "./feedback.presenter";
import { FeedbackBody, FeedbackListResponse, FeedbackResponse, ListFeedbackQuery, MessageIdParams } from "./feedback.schemas";

export function registerFeedbackRoutes(routes: ApiRoutes, feedback: FeedbackService): void {
  routes.add({
    method: "put",
    path: "/api/messages/{message_id}/feedback",
    access: "tenant",
    summary: "Rate an answer",
    description:
      "Rates an assistant message up or down, with an optional comment. A second rating replaces the first (idempotent: the same body again changes nothing but `updated_at`). " +
      "Counted in `chatbot_message_feedback_total{rating, model, provider}` when the rating changes. Does not refresh the session's expiry.",
    tags: ["Feedback"],
    params: MessageIdParams,
    body: FeedbackBody,
    responses: {
      200: jsonResponse("The message's feedback", FeedbackResponse),
      404: errorResponse("Unknown message, another tenant's, or one of an expired session"),
      409: errorResponse("`message_streaming`: the reply is still being generated"),
      415: errorResponse("Body is not JSON"),
      422: errorResponse(`rating not up or down, comment over ${FEEDBACK_COMMENT_MAX_CHARACTERS} characters; \`message_not_rateable\`: a user or system message`),
    },
    async handle({ params, body, response, context }) {
      const message = await feedback.rate(context.tenantId, params.message_id, { rating: body.rating, comment: body.comment }, context.signal);
      response.status(200).json(presentFeedback(message.feedback));
    },
  });

  routes.add({
    method: "delete",
    path: "/api/messages/{message_id}/feedback",
    access: "tenant",
    summary: "Remove an answer's rating",
    description: "204 also when the message had no rating.",
    tags: ["Feedback"],
    params: MessageIdParams,
    responses: { 204: { description: "Removed" }, 404: errorResponse("Unknown message, another tenant's, or one of an expired session") },
    async handle({ params, response, context }) {
      await feedback.clear(context.tenantId, params.message_id, context.signal);
      response.status(204).end();
    },
  });

  routes.add({
    method: "get",
    path: "/api/feedback",
    access: "tenant",
    summary: "List rated answers for review",
    description: "The tenant's rated answers in live sessions, most recently rated first, each with the question it answered.",
    tags: ["Feedback"],
    query: ListFeedbackQuery,
    responses: {
      200: jsonResponse("Most recently rated first", FeedbackListResponse),
      422: errorResponse(`rating not up or down, limit outside ${PAGE_SIZE_RANGE}, or a cursor not from a previous page`),
    },
    async handle({ query, response, context }) {
      const page = await feedback.list(context.tenantId, { rating: query.rating, limit: query.limit, cursor: query.cursor }, context.signal);
      response.status(200).json({ items: page.items.map(presentFeedbackItem), next_cursor: page.next_cursor || null });
    },
  });
}
