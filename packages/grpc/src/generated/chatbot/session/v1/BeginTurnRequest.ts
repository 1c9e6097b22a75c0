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
  /**
   * Absent: the question follows the session's active leaf. Empty: it starts a new
   * root branch (editing the first question). A message id of this session (not a user
   * message): the question hangs under it (editing or re-asking a question = the
   * edited question's parent). The context is the path from the root to the question.
   */
  'parent_message_id'?: (string);
  /**
   * An assistant message of this session: no question is stored; the new reply is its
   * sibling under the same user message, and the context ends with that question.
   * Not with parent_message_id or content.
   */
  'regenerate_message_id'?: (string);
  '_parent_message_id'?: "parent_message_id";
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
  /**
   * Absent: the question follows the session's active leaf. Empty: it starts a new
   * root branch (editing the first question). A message id of this session (not a user
   * message): the question hangs under it (editing or re-asking a question = the
   * edited question's parent). The context is the path from the root to the question.
   */
  'parent_message_id'?: (string);
  /**
   * An assistant message of this session: no question is stored; the new reply is its
   * sibling under the same user message, and the context ends with that question.
   * Not with parent_message_id or content.
   */
  'regenerate_message_id': (string);
  '_parent_message_id'?: "parent_message_id";
}
