import { parentPort } from "node:worker_threads";
import { isAppError } from "@chatbot/core";
import { parseDocument } from "./parse-document";
import type { ParseReply, ParseRequest } from "./parse-messages";

/** Runs inside a parse worker thread: answers each request in turn, after saying it has loaded. */
async function answer(request: ParseRequest): Promise<ParseReply> {
  try {
    const content = Buffer.from(request.content.buffer, request.content.byteOffset, request.content.byteLength);
    return { parsed: await parseDocument(content, request.mediaType, request.limits) };
  } catch (error) {
    if (isAppError(error)) return { failure: { kind: error.kind, code: error.code, message: error.message } };
    return { crash: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

if (parentPort) {
  const port = parentPort;
  port.on("message", (request: ParseRequest) => {
    void answer(request).then((reply) => port.postMessage(reply));
  });
  port.postMessage({ loaded: true } satisfies ParseReply);
}
