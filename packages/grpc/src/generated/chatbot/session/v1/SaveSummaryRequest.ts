// Original file: proto/chatbot/session/v1/session.proto


export interface SaveSummaryRequest {
  'tenant_id'?: (string);
  'session_id'?: (string);
  'through_message_id'?: (string);
  'content'?: (string);
}

export interface SaveSummaryRequest__Output {
  'tenant_id': (string);
  'session_id': (string);
  'through_message_id': (string);
  'content': (string);
}
