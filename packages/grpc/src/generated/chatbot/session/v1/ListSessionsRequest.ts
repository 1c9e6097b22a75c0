// Original file: proto/chatbot/session/v1/session.proto


export interface ListSessionsRequest {
  'tenant_id'?: (string);
  /**
   * Only this owner's sessions; absent means all of the tenant's.
   */
  'user_id'?: (string);
  /**
   * 1..200; 0 means 50.
   */
  'limit'?: (number);
  /**
   * next_cursor of the previous page; empty means the first page.
   */
  'cursor'?: (string);
  '_user_id'?: "user_id";
}

export interface ListSessionsRequest__Output {
  'tenant_id': (string);
  /**
   * Only this owner's sessions; absent means all of the tenant's.
   */
  'user_id'?: (string);
  /**
   * 1..200; 0 means 50.
   */
  'limit': (number);
  /**
   * next_cursor of the previous page; empty means the first page.
   */
  'cursor': (string);
  '_user_id'?: "user_id";
}
