// Original file: proto/chatbot/llm/v1/llm.proto


export interface TextDelta {
  'text'?: (string);
}

export interface TextDelta__Output {
  'text': (string);
}
