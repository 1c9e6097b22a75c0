import { FEEDBACK_RATINGS, type FeedbackRating } from "@chatbot/core";
import type { sessionV1 } from "@chatbot/grpc";
import type { SessionClient } from "../sessions/session.client";
import type { FeedbackMetrics } from "./feedback-metrics";

export interface GivenFeedback {
  rating: FeedbackRating;
  /** Absent means none. */
  comment?: string | undefined;
}

export interface FeedbackService {
  /**
   * Rates an assistant message of the tenant, replacing any earlier rating; answers with
   * the message and its feedback. The session service decides what may be rated.
   */
  rate(tenantId: string, messageId: string, feedback: GivenFeedback, signal?: AbortSignal): Promise<sessionV1.Message>;
  /** Removes the tenant's rating of a message; no rating to remove is no error. */
  clear(tenantId: string, messageId: string, signal?: AbortSignal): Promise<void>;
  /** The tenant's rated answers, most recently rated first; `cursor` from the previous page. */
  list(
    tenantId: string,
    page: { rating?: FeedbackRating | undefined; limit: number; cursor?: string | undefined },
    signal?: AbortSignal,
  ): Promise<sessionV1.ListFeedbackResponse>;
}

const isRating = (value: string): value is FeedbackRating => (FEEDBACK_RATINGS as readonly string[]).includes(value);

/** Ratings of answers, kept by the session service and counted here per model and provider. */
export function createFeedbackService(deps: { session: SessionClient; metrics: FeedbackMetrics }): FeedbackService {
  const { session, metrics } = deps;
  return {
    async rate(tenantId, messageId, feedback, signal) {
      const rated = await session.setFeedback({ tenant_id: tenantId, message_id: messageId, rating: feedback.rating, comment: feedback.comment ?? "" }, { signal });
      const message = rated.message;
      if (!message) throw new Error("the session service answered a rating without its message");
      metrics.rated(feedback.rating, isRating(rated.previous_rating) ? rated.previous_rating : null, message);
      return message;
    },
    async clear(tenantId, messageId, signal) {
      await session.clearFeedback({ tenant_id: tenantId, message_id: messageId }, { signal });
    },
    list: (tenantId, page, signal) => session.listFeedback({ tenant_id: tenantId, rating: page.rating ?? "", limit: page.limit, cursor: page.cursor ?? "" }, { signal }),
  };
}
