// Original file: proto/chatbot/session/v1/session.proto


export interface GetContextRequest {
  'tenant_id'?: (string);
  'session_id'?: (string);
  /**
   * 1..200; 0 means 10 (MAX_CONTEXT_MESSAGES of the design).
   */
  'max_messages'?: (number);
  /**
   * Tokens of the messages' contents (o200k encoding); 0 means no token limit.
   * The window stops at the first message that does not fit, so it stays contiguous.
   */
  'token_budget'?: (number);
}

export interface GetContextRequest__Output {
  'tenant_id': (string);
  'session_id': (string);
  /**
   * 1..200; 0 means 10 (MAX_CONTEXT_MESSAGES of the design).
   */
  'max_messages': (number);
  /**
   * Tokens of the messages' contents (o200k encoding); 0 means no token limit.
   * The window stops at the first message that does not fit, so it stays contiguous.
   */
  'token_budget': (number);
}
