// Original file: proto/chatbot/ingest/v1/ingest.proto


export interface ListDocumentsRequest {
  'tenant_id'?: (string);
  /**
   * 1..200; 0 means 50.
   */
  'limit'?: (number);
  /**
   * From the previous page's next_cursor; empty for the first page.
   */
  'cursor'?: (string);
  /**
   * Empty: any status.
   */
  'status'?: (string);
}

export interface ListDocumentsRequest__Output {
  'tenant_id': (string);
  /**
   * 1..200; 0 means 50.
   */
  'limit': (number);
  /**
   * From the previous page's next_cursor; empty for the first page.
   */
  'cursor': (string);
  /**
   * Empty: any status.
   */
  'status': (string);
}
