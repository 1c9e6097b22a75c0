import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { QUERY_KEY_PARAMETER, acceptsQueryKey, isAdminPath, needsApiKey } from "./access-paths";

const BEARER = "bearerAuth";
const HEADER = "apiKeyHeader";
const QUERY = "apiKeyQuery";

/**
 * Declares the key schemes and marks every route that needs a key, with the same
 * predicate the middleware uses, so the document cannot drift from what is enforced.
 * Call after every route is registered.
 */
export function documentSecurity(openapi: OpenAPIRegistry, options: { tenantKeys: boolean }): void {
  openapi.registerComponent("securitySchemes", BEARER, {
    type: "http",
    scheme: "bearer",
    description: "`Authorization: Bearer <key>`: a tenant's API key (the admin routes: ADMIN_API_KEY)",
  });
  openapi.registerComponent("securitySchemes", HEADER, {
    type: "apiKey",
    in: "header",
    name: "X-API-Key",
    description: "The same key in the X-API-Key header",
  });
  if (options.tenantKeys) {
    openapi.registerComponent("securitySchemes", QUERY, {
      type: "apiKey",
      in: "query",
      name: QUERY_KEY_PARAMETER,
      description:
        "The same key as `?api_key=`, taken on the GET stream routes only, for EventSource (which cannot send headers). " +
        "URLs end up in browser history and proxy logs: use a header wherever the client can.",
    });
  }
  for (const definition of openapi.definitions) {
    if (definition.type !== "route") continue;
    const { route } = definition;
    const path = route.path.replace(/\{[^}]+\}/g, "x");
    if (isAdminPath(route.path) || (options.tenantKeys && needsApiKey(path))) {
      route.security = [{ [BEARER]: [] }, { [HEADER]: [] }];
      if (options.tenantKeys && acceptsQueryKey(route.method.toUpperCase(), path)) route.security.push({ [QUERY]: [] });
    }
  }
}
