// Original file: proto/chatbot/session/v1/session.proto


export interface GetContextRequest {
  'tenant_id'?: (string);
  'session_id'?: (string);
  'max_messages'?: (number);
  'token_budget'?: (number);
}

export interface GetContextRequest__Output {
  'tenant_id': (string);
  'session_id': (string);
  'max_messages': (number);
  'token_budget': (number);
}
