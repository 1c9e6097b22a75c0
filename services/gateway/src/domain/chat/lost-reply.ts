import type { ChatSource } from "./chat.types";
import type { FinishedReply } from "./reply-writer";
import type { LostStream } from "./stream-log.store";

/**
 * A reply whose generating instance died, as it is stored: interrupted, with the text and
 * sources that reached the stream log (what any client can have heard of it).
 */
export function lostReply(lost: LostStream): FinishedReply {
  let content = "";
  let sources: ChatSource[] = [];
  for (const { data } of lost.events) {
    if ("chunk" in data && typeof data.chunk === "string") content += data.chunk;
    else if ("sources" in data && Array.isArray(data.sources)) sources = data.sources;
  }
  return {
    tenantId: lost.owner.tenantId,
    sessionId: lost.owner.sessionId,
    messageId: lost.messageId,
    content,
    status: "interrupted",
    model: "",
    usage: null,
    sources,
    errorCode: "",
    finishReason: "",
    provider: "",
  };
}
