import type { DocumentEvent } from "../domain/document.types";

export function encodeEvent(event: DocumentEvent): Buffer {
  return Buffer.from(JSON.stringify(event));
}

/** The event in a message body, or undefined when it is not one of ours. */
export function decodeEvent(body: Buffer): DocumentEvent | undefined {
  try {
    const value = JSON.parse(body.toString("utf8")) as DocumentEvent;
    if (typeof value?.type !== "string" || typeof value.document?.id !== "string") return undefined;
    return {
      ...value,
      document: { ...value.document, createdAt: new Date(value.document.createdAt), updatedAt: new Date(value.document.updatedAt) },
    };
  } catch {
    return undefined;
  }
}
