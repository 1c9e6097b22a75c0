// Original file: proto/chatbot/session/v1/session.proto


export interface SetSessionTitleRequest {
  'tenant_id'?: (string);
  'session_id'?: (string);
  /**
   * 1..200 characters.
   */
  'title'?: (string);
}

export interface SetSessionTitleRequest__Output {
  'tenant_id': (string);
  'session_id': (string);
  /**
   * 1..200 characters.
   */
  'title': (string);
}
