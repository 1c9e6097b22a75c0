import type { IncomingMessage } from "node:http";

/**
 * A test server's request body as a JSON object: `{}` when empty or not an object,
 * `{ unparsed: text }` when it is not JSON, so a test can assert what a client sent.
 */
export function readJsonBody(request: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("error", reject);
    request.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      try {
        const parsed: unknown = text ? JSON.parse(text) : {};
        resolve(parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {});
      } catch {
        resolve({ unparsed: text });
      }
    });
  });
}
