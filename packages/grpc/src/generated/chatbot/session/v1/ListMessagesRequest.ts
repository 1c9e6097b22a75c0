// Original file: proto/chatbot/session/v1/session.proto


export interface ListMessagesRequest {
  'tenant_id'?: (string);
  'session_id'?: (string);
  /**
   * 1..200; 0 means 50.
   */
  'limit'?: (number);
  /**
   * A message id; empty means from the newest.
   */
  'before'?: (string);
  /**
   * Empty: the active branch (root to active leaf). A message id: the branch through
   * it, from the root down to its newest descendant (the newest child at each step).
   * Unknown ids answer NOT_FOUND.
   */
  'message_id'?: (string);
}

export interface ListMessagesRequest__Output {
  'tenant_id': (string);
  'session_id': (string);
  /**
   * 1..200; 0 means 50.
   */
  'limit': (number);
  /**
   * A message id; empty means from the newest.
   */
  'before': (string);
  /**
   * Empty: the active branch (root to active leaf). A message id: the branch through
   * it, from the root down to its newest descendant (the newest child at each step).
   * Unknown ids answer NOT_FOUND.
   */
  'message_id': (string);
}
