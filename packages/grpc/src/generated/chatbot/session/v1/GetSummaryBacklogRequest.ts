// Original file: proto/chatbot/session/v1/session.proto


export interface GetSummaryBacklogRequest {
  'tenant_id'?: (string);
  'session_id'?: (string);
  /**
   * As in GetContextRequest: the window the next turn would get.
   */
  'max_messages'?: (number);
  'token_budget'?: (number);
  /**
   * The oldest message of a turn's context window: fold what was dropped before it
   * (max_messages and token_budget are then not used). Empty: the next turn's window.
   */
  'window_start_message_id'?: (string);
}

export interface GetSummaryBacklogRequest__Output {
  'tenant_id': (string);
  'session_id': (string);
  /**
   * As in GetContextRequest: the window the next turn would get.
   */
  'max_messages': (number);
  'token_budget': (number);
  /**
   * The oldest message of a turn's context window: fold what was dropped before it
   * (max_messages and token_budget are then not used). Empty: the next turn's window.
   */
  'window_start_message_id': (string);
}
