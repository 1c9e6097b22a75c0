import { dirname, join } from "node:path";
import express, { type Router } from "express";
import { OpenApiGeneratorV31, type OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { getAbsoluteFSPath } from "swagger-ui-dist";

const SWAGGER_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Chatbot API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script></body></html>`;

const SWAGGER_INIT = `window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });`;

const REDOC_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Chatbot API</title></head>
<body><redoc spec-url="/openapi.json"></redoc>
<script src="/redoc/redoc.standalone.js"></script></body></html>`;

/** /openapi.json, Swagger UI at /docs and ReDoc at /redoc, all served locally (no CDN). */
export function docsRoutes(openapi: OpenAPIRegistry, version: string): Router {
  const router = express.Router();
  let document: unknown;
  router.get("/openapi.json", (_request, response) => {
    document ??= new OpenApiGeneratorV31(openapi.definitions).generateDocument({
      openapi: "3.1.0",
      info: {
        title: "Chatbot backend API",
        version,
        description: "Sessions, chat (JSON and Server-Sent Events), documents, search and health; and an OpenAI-compatible API under /v1.",
      },
    });
    response.json(document);
  });
  router.get("/docs", (_request, response) => {
    response.type("html").send(SWAGGER_PAGE);
  });
  router.get("/docs/init.js", (_request, response) => {
    response.type("application/javascript").send(SWAGGER_INIT);
  });
  router.use("/docs/assets", express.static(getAbsoluteFSPath(), { index: false, maxAge: "1h" }));
  router.get("/redoc", (_request, response) => {
    response.type("html").send(REDOC_PAGE);
  });
  router.use("/redoc", express.static(join(dirname(require.resolve("redoc")), "..", "bundles"), { index: false, maxAge: "1h" }));
  return router;
}
