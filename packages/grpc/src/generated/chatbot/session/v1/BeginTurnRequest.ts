// Original file: proto/chatbot/session/v1/session.proto


export interface BeginTurnRequest {
  'tenant_id'?: (string);
  /**
   * Empty: a new session is created.
   */
  'session_id'?: (string);
  /**
   * The user's message.
   */
  'content'?: (string);
  /**
   * uuid for the reserved assistant message, so a stream can announce it first.
   */
  'assistant_message_id'?: (string);
  /**
   * As in GetContextRequest.
   */
  'max_messages'?: (number);
  'token_budget'?: (number);
}

export interface BeginTurnRequest__Output {
  'tenant_id': (string);
  /**
   * Empty: a new session is created.
   */
  'session_id': (string);
  /**
   * The user's message.
   */
  'content': (string);
  /**
   * uuid for the reserved assistant message, so a stream can announce it first.
   */
  'assistant_message_id': (string);
  /**
   * As in GetContextRequest.
   */
  'max_messages': (number);
  'token_budget': (number);
}
