// Original file: proto/chatbot/llm/v1/llm.proto


export interface ListModelsRequest {
}

export interface ListModelsRequest__Output {
}
