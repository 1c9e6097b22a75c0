import { parentPort } from "node:worker_threads";
import { isAppError } from "@chatbot/core";
import { parsePdf } from "./pdf-text.parser";
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

/**
 * A one-page PDF with a line of text. pdf.js loads the rest of itself (its worker side,
 * run in this thread) on the first document it opens: reading this one first makes that
 * part of the thread's start-up rather than of the first PDF's deadline.
 */
function warmUpPdf(): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 50] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const stream = "BT /F1 12 Tf 10 20 Td (ready) Tj ET";
  objects.push(`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`);
  let body = "%PDF-1.4\n";
  const offsets = objects.map((object, index) => {
    const offset = body.length;
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

if (parentPort) {
  const port = parentPort;
  port.on("message", (request: ReadRequest) => {
    void answer(request).then((reply) => port.postMessage(reply));
  });
  // Loaded once pdf.js is: whatever the warm-up's outcome, a document that fails will say so itself.
  void parsePdf(warmUpPdf(), { maxPages: 1, maxChars: 1000 })
    .catch(() => undefined)
    .then(() => port.postMessage({ loaded: true } satisfies ReadReply));
}
