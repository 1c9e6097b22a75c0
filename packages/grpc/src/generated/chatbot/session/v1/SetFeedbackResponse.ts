// Original file: proto/chatbot/session/v1/session.proto

import type { Message as _chatbot_session_v1_Message, Message__Output as _chatbot_session_v1_Message__Output } from '../../../chatbot/session/v1/Message';

export interface SetFeedbackResponse {
  /**
   * The rated message, with its feedback.
   */
  'message'?: (_chatbot_session_v1_Message | null);
  /**
   * The rating it had before this call; "" when none.
   */
  'previous_rating'?: (string);
}

export interface SetFeedbackResponse__Output {
  /**
   * The rated message, with its feedback.
   */
  'message': (_chatbot_session_v1_Message__Output | null);
  /**
   * The rating it had before this call; "" when none.
   */
  'previous_rating': (string);
}
