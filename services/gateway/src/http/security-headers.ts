import type { NextFunction, Request, RequestHandler, Response } from "express";
import cors from "cors";
import helmet from "helmet";

/**
 * helmet's default policy (same-origin only, no inline scripts) for everything else.
 * The API is plain HTTP on loopback in embedded mode, so requests are not forced to https.
 */
const API_CSP = { "upgrade-insecure-requests": null };

/**
 * Swagger UI and ReDoc are served locally: own scripts only, but they style elements
 * inline, ReDoc searches in a blob: worker, and both fetch /openapi.json.
 */
const DOCS_CSP = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "style-src": ["'self'", "'unsafe-inline'"],
  "img-src": ["'self'", "data:", "https:"],
  "font-src": ["'self'", "data:", "https:"],
  "worker-src": ["'self'", "blob:"],
  "connect-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'self'"],
  "frame-ancestors": ["'self'"],
  "upgrade-insecure-requests": null,
};

function isDocsPath(path: string): boolean {
  return /^\/(docs|redoc)(\/|$)/.test(path);
}

/** helmet's headers everywhere, with a content security policy relaxed for the documentation pages only. */
export function securityHeaders(): RequestHandler {
  const api = helmet({ contentSecurityPolicy: { useDefaults: true, directives: API_CSP } });
  const docs = helmet({ contentSecurityPolicy: { useDefaults: true, directives: DOCS_CSP } });
  return (request: Request, response: Response, next: NextFunction) =>
    (isDocsPath(request.path) ? docs : api)(request, response, next);
}

/** CORS for the listed origins (`*` for any); undefined when none are listed, so no CORS headers are sent. */
export function corsHeaders(origins: string[] | undefined): RequestHandler | undefined {
  if (!origins || origins.length === 0) return undefined;
  return cors({
    origin: origins.includes("*") ? "*" : origins,
    methods: ["GET", "POST", "DELETE", "OPTIONS"],
    allowedHeaders: ["Authorization", "X-API-Key", "Content-Type", "Last-Event-ID", "X-Request-Id"],
    exposedHeaders: ["X-Request-Id", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"],
    maxAge: 600,
  });
}
