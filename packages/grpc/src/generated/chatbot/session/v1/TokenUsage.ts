// Original file: proto/chatbot/session/v1/session.proto


export interface TokenUsage {
  'prompt_tokens'?: (number);
  'completion_tokens'?: (number);
  'total_tokens'?: (number);
}

export interface TokenUsage__Output {
  'prompt_tokens': (number);
  'completion_tokens': (number);
  'total_tokens': (number);
}
