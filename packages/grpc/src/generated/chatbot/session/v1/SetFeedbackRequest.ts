// Original file: proto/chatbot/session/v1/session.proto


export interface SetFeedbackRequest {
  'tenant_id'?: (string);
  'message_id'?: (string);
  /**
   * "up" | "down"
   */
  'rating'?: (string);
  /**
   * At most FEEDBACK_COMMENT_MAX_CHARACTERS; "" means none.
   */
  'comment'?: (string);
}

export interface SetFeedbackRequest__Output {
  'tenant_id': (string);
  'message_id': (string);
  /**
   * "up" | "down"
   */
  'rating': (string);
  /**
   * At most FEEDBACK_COMMENT_MAX_CHARACTERS; "" means none.
   */
  'comment': (string);
}
