import type { sessionV1 } from "@chatbot/grpc";

/** A message's rating as the API shows it; null when it has none. */
export function presentFeedback(feedback: sessionV1.Feedback | null | undefined) {
  if (!feedback) return null;
  return { rating: feedback.rating, comment: feedback.comment || null, updated_at: feedback.updated_at };
}

/** One rated answer of the review listing, with the question it answered. */
export function presentFeedbackItem(item: sessionV1.FeedbackItem) {
  const answer = item.answer;
  const feedback = presentFeedback(answer?.feedback);
  if (!answer || !feedback) throw new Error("the session service listed a rating without its answer");
  return {
    message_id: answer.message_id,
    session_id: answer.session_id,
    ...feedback,
    model: answer.model || null,
    provider: answer.provider || null,
    answer: answer.content,
    question: item.question ? { message_id: item.question.message_id, content: item.question.content, created_at: item.question.created_at } : null,
  };
}
