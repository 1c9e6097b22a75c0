// Original file: proto/chatbot/session/v1/session.proto

import type { FeedbackItem as _chatbot_session_v1_FeedbackItem, FeedbackItem__Output as _chatbot_session_v1_FeedbackItem__Output } from '../../../chatbot/session/v1/FeedbackItem';

export interface ListFeedbackResponse {
  /**
   * Most recently rated first.
   */
  'items'?: (_chatbot_session_v1_FeedbackItem)[];
  /**
   * Empty on the last page.
   */
  'next_cursor'?: (string);
}

export interface ListFeedbackResponse__Output {
  /**
   * Most recently rated first.
   */
  'items': (_chatbot_session_v1_FeedbackItem__Output)[];
  /**
   * Empty on the last page.
   */
  'next_cursor': (string);
}
