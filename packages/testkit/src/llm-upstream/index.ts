export { startLlmUpstream, type LlmUpstream } from "./llm-upstream-server";
export { llmProxyEnvFor } from "./llm-proxy-env";
export type { RecordedUpstreamRequest, UpstreamFault, UpstreamProtocol, UpstreamReplyOptions } from "./upstream-types";
export { replyText, replyToken } from "./korean-reply";
