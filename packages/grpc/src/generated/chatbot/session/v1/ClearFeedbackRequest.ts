// Original file: proto/chatbot/session/v1/session.proto


export interface ClearFeedbackRequest {
  'tenant_id'?: (string);
  'message_id'?: (string);
}

export interface ClearFeedbackRequest__Output {
  'tenant_id': (string);
  'message_id': (string);
}
