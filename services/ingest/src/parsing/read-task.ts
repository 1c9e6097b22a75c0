import { parentPort } from "node:worker_threads";
import { isAppError } from "@chatbot/core";
import { readDocument } from "./read-document";
import type { ReadReply, ReadRequest } from "./read-messages";

/** Runs inside a reader thread: answers each request in turn, after saying it has loaded. */
async function answer(request: ReadRequest): Promise<ReadReply> {
  try {
    const content = Buffer.from(request.content.buffer, request.content.byteOffset, request.content.byteLength);
    return { read: await readDocument(content, request.mediaType, request.options) };
  } catch (error) {
    if (isAppError(error)) return { failure: { kind: error.kind, code: error.code, message: error.message } };
    return { crash: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

if (parentPort) {
  const port = parentPort;
  port.on("message", (request: ReadRequest) => {
    void answer(request).then((reply) => port.postMessage(reply));
  });
  port.postMessage({ loaded: true } satisfies ReadReply);
}
