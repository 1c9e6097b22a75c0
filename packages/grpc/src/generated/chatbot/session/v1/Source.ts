// Original file: proto/chatbot/session/v1/session.proto


export interface Source {
  'document_id'?: (string);
  'title'?: (string);
  'page'?: (number);
  'chunk_index'?: (number);
  'snippet'?: (string);
  'score'?: (number | string);
}

export interface Source__Output {
  'document_id': (string);
  'title': (string);
  'page': (number);
  'chunk_index': (number);
  'snippet': (string);
  'score': (number);
}
