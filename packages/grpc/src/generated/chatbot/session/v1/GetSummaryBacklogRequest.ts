// Original file: proto/chatbot/session/v1/session.proto


export interface GetSummaryBacklogRequest {
  'tenant_id'?: (string);
  'session_id'?: (string);
  /**
   * As in GetContextRequest: the window the next turn would get.
   */
  'max_messages'?: (number);
  'token_budget'?: (number);
}

export interface GetSummaryBacklogRequest__Output {
  'tenant_id': (string);
  'session_id': (string);
  /**
   * As in GetContextRequest: the window the next turn would get.
   */
  'max_messages': (number);
  'token_budget': (number);
}
