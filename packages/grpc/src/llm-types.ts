// Generated llm-proxy types under short names for the service and its callers.
export type { LlmProxyClient as Client, LlmProxyHandlers as Handlers } from "./generated/chatbot/llm/v1/LlmProxy";
export type { GenerateRequest, GenerateRequest__Output as GenerateRequestOutput } from "./generated/chatbot/llm/v1/GenerateRequest";
export type { GenerateEvent__Output as GenerateEvent } from "./generated/chatbot/llm/v1/GenerateEvent";
export type { GenerateFinal__Output as GenerateFinal } from "./generated/chatbot/llm/v1/GenerateFinal";
export type { CompleteResponse__Output as CompleteResponse } from "./generated/chatbot/llm/v1/CompleteResponse";
export type { ChatMessage__Output as ChatMessage } from "./generated/chatbot/llm/v1/ChatMessage";
export type { ContextPassage__Output as ContextPassage } from "./generated/chatbot/llm/v1/ContextPassage";
export type { Usage__Output as Usage } from "./generated/chatbot/llm/v1/Usage";
export type { Timings__Output as Timings } from "./generated/chatbot/llm/v1/Timings";
export type { ListModelsRequest__Output as ListModelsRequest } from "./generated/chatbot/llm/v1/ListModelsRequest";
export type { ListModelsResponse__Output as ListModelsResponse } from "./generated/chatbot/llm/v1/ListModelsResponse";
export type { ModelInfo__Output as ModelInfo } from "./generated/chatbot/llm/v1/ModelInfo";
