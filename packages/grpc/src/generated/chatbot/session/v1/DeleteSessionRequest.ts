// Original file: proto/chatbot/session/v1/session.proto


export interface DeleteSessionRequest {
  'tenant_id'?: (string);
  'session_id'?: (string);
}

export interface DeleteSessionRequest__Output {
  'tenant_id': (string);
  'session_id': (string);
}
