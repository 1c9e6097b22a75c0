// Original file: proto/chatbot/llm/v1/llm.proto


export interface ModelInfo {
  'id'?: (string);
  'provider'?: (string);
  'is_default'?: (boolean);
}

export interface ModelInfo__Output {
  'id': (string);
  'provider': (string);
  'is_default': (boolean);
}
