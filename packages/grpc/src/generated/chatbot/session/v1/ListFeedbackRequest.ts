// Original file: proto/chatbot/session/v1/session.proto


export interface ListFeedbackRequest {
  'tenant_id'?: (string);
  /**
   * "up" | "down"; "" means both.
   */
  'rating'?: (string);
  /**
   * 1..200; 0 means 50.
   */
  'limit'?: (number);
  /**
   * next_cursor of the previous page; empty means the first page.
   */
  'cursor'?: (string);
}

export interface ListFeedbackRequest__Output {
  'tenant_id': (string);
  /**
   * "up" | "down"; "" means both.
   */
  'rating': (string);
  /**
   * 1..200; 0 means 50.
   */
  'limit': (number);
  /**
   * next_cursor of the previous page; empty means the first page.
   */
  'cursor': (string);
}
