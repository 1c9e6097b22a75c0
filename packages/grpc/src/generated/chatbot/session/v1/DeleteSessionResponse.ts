// Original file: proto/chatbot/session/v1/session.proto


export interface DeleteSessionResponse {
}

export interface DeleteSessionResponse__Output {
}
