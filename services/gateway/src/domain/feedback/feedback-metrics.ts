import type { FeedbackRating } from "@chatbot/core";
import { counter, type Registry } from "@chatbot/observability";

/** Shown for a message whose model or provider was not recorded (imported, or stored before providers were). */
const UNKNOWN = "unknown";

/**
 * Ratings of answers per model and provider. A rating counts when it changes what the
 * answer is rated: none → up, up → down, and again after it was removed. Sending the same
 * rating again (a retried or repeated PUT, or a new comment only) does not count, and a
 * removed rating is not taken back (counters only grow), so `rate(...[1h])` reads as
 * ratings given in that hour.
 */
export function createFeedbackMetrics(registry: Registry) {
  const ratings = counter(registry, {
    name: "chatbot_message_feedback_total",
    help: "Ratings given to answers (a changed rating counts once more; a repeated one does not), by rating, model and provider",
    labelNames: ["rating", "model", "provider"] as const,
  });
  return {
    rated(rating: FeedbackRating, previous: FeedbackRating | null, answer: { model: string; provider: string }) {
      if (rating === previous) return;
      ratings.inc({ rating, model: answer.model || UNKNOWN, provider: answer.provider || UNKNOWN });
    },
  };
}

export type FeedbackMetrics = ReturnType<typeof createFeedbackMetrics>;
