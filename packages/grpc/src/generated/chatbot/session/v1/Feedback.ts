// Original file: proto/chatbot/session/v1/session.proto


export interface Feedback {
  /**
   * "up" | "down"
   */
  'rating'?: (string);
  /**
   * "" when none was given.
   */
  'comment'?: (string);
  /**
   * RFC 3339: when the rating was last set.
   */
  'updated_at'?: (string);
}

export interface Feedback__Output {
  /**
   * "up" | "down"
   */
  'rating': (string);
  /**
   * "" when none was given.
   */
  'comment': (string);
  /**
   * RFC 3339: when the rating was last set.
   */
  'updated_at': (string);
}
