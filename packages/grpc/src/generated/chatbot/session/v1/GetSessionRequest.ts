// Original file: proto/chatbot/session/v1/session.proto


export interface GetSessionRequest {
  'tenant_id'?: (string);
  'session_id'?: (string);
}

export interface GetSessionRequest__Output {
  'tenant_id': (string);
  'session_id': (string);
}
