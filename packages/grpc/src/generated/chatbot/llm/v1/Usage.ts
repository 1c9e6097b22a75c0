// Original file: proto/chatbot/llm/v1/llm.proto


export interface Usage {
  'prompt_tokens'?: (number);
  'completion_tokens'?: (number);
  'total_tokens'?: (number);
  /**
   * True when the provider reported the counts; false when they were counted here.
   */
  'reported_by_provider'?: (boolean);
}

export interface Usage__Output {
  'prompt_tokens': (number);
  'completion_tokens': (number);
  'total_tokens': (number);
  /**
   * True when the provider reported the counts; false when they were counted here.
   */
  'reported_by_provider': (boolean);
}
