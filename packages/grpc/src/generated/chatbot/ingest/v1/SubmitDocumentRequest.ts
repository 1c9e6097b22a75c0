// Original file: proto/chatbot/ingest/v1/ingest.proto


export interface SubmitDocumentRequest {
  'tenant_id'?: (string);
  'content'?: (Buffer | Uint8Array | string);
  'filename'?: (string);
  /**
   * Empty: derived from the file name (or the first heading / line of text).
   */
  'title'?: (string);
  /**
   * A JSON object, at most 16 KiB; empty means {}.
   */
  'metadata_json'?: (string);
  /**
   * Set by callers that already know the bytes are text (JSON documents): "text/plain"
   * or "text/markdown". Empty: detect from the bytes.
   */
  'declared_media_type'?: (string);
  /**
   * Empty: the file name.
   */
  'source'?: (string);
}

export interface SubmitDocumentRequest__Output {
  'tenant_id': (string);
  'content': (Buffer);
  'filename': (string);
  /**
   * Empty: derived from the file name (or the first heading / line of text).
   */
  'title': (string);
  /**
   * A JSON object, at most 16 KiB; empty means {}.
   */
  'metadata_json': (string);
  /**
   * Set by callers that already know the bytes are text (JSON documents): "text/plain"
   * or "text/markdown". Empty: detect from the bytes.
   */
  'declared_media_type': (string);
  /**
   * Empty: the file name.
   */
  'source': (string);
}
