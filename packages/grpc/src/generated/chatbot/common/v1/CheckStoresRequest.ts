// Original file: proto/chatbot/common/v1/diagnostics.proto


export interface CheckStoresRequest {
}

export interface CheckStoresRequest__Output {
}
