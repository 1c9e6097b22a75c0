// Original file: proto/chatbot/session/v1/session.proto


export interface ClearFeedbackResponse {
  /**
   * The rating removed; "" when the message had none.
   */
  'previous_rating'?: (string);
}

export interface ClearFeedbackResponse__Output {
  /**
   * The rating removed; "" when the message had none.
   */
  'previous_rating': (string);
}
