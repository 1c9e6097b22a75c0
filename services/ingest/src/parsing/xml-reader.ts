import { SaxesParser, type SaxesTagPlain } from "saxes";
import { isAppError, type AppError } from "@chatbot/core";

export interface XmlHandlers {
  /** An element opens; its name without namespace prefix. */
  open?: (name: string, attributes: Record<string, string>) => void;
  close?: (name: string) => void;
  text?: (text: string) => void;
}

/**
 * Streams a document part's XML to the handlers. saxes expands no external entities and
 * refuses entities a DTD declares, so an entity bomb fails as malformed instead of
 * expanding. Errors other than a handler's own typed failures (a cap reached) become the
 * format's malformed failure.
 */
export function readXml(xml: Buffer, handlers: XmlHandlers, malformed: (message: string, cause?: unknown) => AppError): void {
  const parser = new SaxesParser({ xmlns: false, position: false });
  const local = (name: string) => name.slice(name.indexOf(":") + 1);
  if (handlers.open) {
    const open = handlers.open;
    parser.on("opentag", (tag: SaxesTagPlain) => open(local(tag.name), tag.attributes as Record<string, string>));
  }
  if (handlers.close) {
    const close = handlers.close;
    parser.on("closetag", (tag: SaxesTagPlain) => close(local(tag.name)));
  }
  if (handlers.text) parser.on("text", handlers.text);
  try {
    parser.write(xml.toString("utf8")).close();
  } catch (error) {
    if (isAppError(error)) throw error;
    throw malformed(error instanceof Error ? error.message : String(error), error);
  }
}
