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

/**
 * The chat page at / is stricter than the default: its own script and stylesheet only (no
 * inline script or style, not even a style attribute), requests to this origin only, and
 * Trusted Types, so the one place HTML is built from text (DOMPurify's sanitiser, whose
 * policy is the only one allowed) is the only place it can be.
 */
const PAGE_CSP = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  "script-src-attr": ["'none'"],
  "style-src": ["'self'"],
  "img-src": ["'self'", "data:"],
  "font-src": ["'self'"],
  "connect-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'self'"],
  "require-trusted-types-for": ["'script'"],
  "trusted-types": ["dompurify"],
  "upgrade-insecure-requests": null,
};

function isDocsPath(path: string): boolean {
  return /^\/(docs|redoc)(\/|$)/.test(path);
}

function isPagePath(path: string): boolean {
  return path === "/" || path.startsWith("/assets/");
}

/** helmet's headers everywhere, with a content security policy relaxed for the documentation pages and tightened for the chat page. */
export function securityHeaders(): RequestHandler {
  const api = helmet({ contentSecurityPolicy: { useDefaults: true, directives: API_CSP } });
  const docs = helmet({ contentSecurityPolicy: { useDefaults: true, directives: DOCS_CSP } });
  const page = helmet({ contentSecurityPolicy: { useDefaults: true, directives: PAGE_CSP } });
  return (request: Request, response: Response, next: NextFunction) => (isDocsPath(request.path) ? docs : isPagePath(request.path) ? page : api)(request, response, next);
}

/** CORS for the listed origins (`*` for any); undefined when none are listed, so no CORS headers are sent. */
export function corsHeaders(origins: string[] | undefined): RequestHandler | undefined {
  if (!origins || origins.length === 0) return undefined;
  return cors({
    origin: origins.includes("*") ? "*" : origins,
    methods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    allowedHeaders: ["Authorization", "X-API-Key", "Content-Type", "Last-Event-ID", "X-Request-Id"],
    exposedHeaders: ["X-Request-Id", "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"],
    maxAge: 600,
  });
}
