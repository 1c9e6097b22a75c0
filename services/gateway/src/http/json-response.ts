import type { Response } from "express";

/** BENCH_PLAIN=send-json: Express's own `res.json`, for bench/tricks/ab.ts only. */
const PLAIN = (process.env.BENCH_PLAIN ?? "").split(",").includes("send-json");

/**
 * Answers `status` with `body` as JSON, with the headers Express's `response.status(status).json(body)`
 * sends here (Content-Type with charset, Content-Length; no ETag), and no body to a HEAD request.
 * Express looks up its settings and parses and rebuilds the Content-Type on every such call:
 * measurable on routes that do little else.
 */
export function sendJson(response: Response, status: number, body: unknown): void {
  if (PLAIN) {
    response.status(status).json(body);
    return;
  }
  const text = JSON.stringify(body);
  response.statusCode = status;
  response.setHeader("Content-Type", "application/json; charset=utf-8");
  response.setHeader("Content-Length", Buffer.byteLength(text));
  if (response.req.method === "HEAD") response.end();
  else response.end(text);
}
