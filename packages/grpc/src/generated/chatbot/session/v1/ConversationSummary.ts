// Original file: proto/chatbot/session/v1/session.proto


/**
 * A running summary of the turns that fell out of the context window. It covers the path
 * from the conversation's first message up to and including `through_message_id`, so it is
 * valid for any path that contains that message.
 */
export interface ConversationSummary {
  'content'?: (string);
  'through_message_id'?: (string);
  /**
   * RFC 3339.
   */
  'updated_at'?: (string);
  /**
   * Tokens of `content` (o200k encoding).
   */
  'token_count'?: (number);
}

/**
 * A running summary of the turns that fell out of the context window. It covers the path
 * from the conversation's first message up to and including `through_message_id`, so it is
 * valid for any path that contains that message.
 */
export interface ConversationSummary__Output {
  'content': (string);
  'through_message_id': (string);
  /**
   * RFC 3339.
   */
  'updated_at': (string);
  /**
   * Tokens of `content` (o200k encoding).
   */
  'token_count': (number);
}
