import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { QUERY_KEY_PARAMETER, acceptsQueryKey, type GuardedRoute } from "./route-access";

const BEARER = "bearerAuth";
const HEADER = "apiKeyHeader";
const QUERY = "apiKeyQuery";

/**
 * Declares the key schemes and marks every route that needs a key, from the access each
 * route declared (the same the guards enforce), so the document cannot drift from what is
 * enforced. Call after every route is registered.
 */
export function documentSecurity(openapi: OpenAPIRegistry, routes: ReadonlyMap<string, GuardedRoute>, options: { tenantKeys: boolean }): void {
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
    const guarded = routes.get(`${route.method} ${route.path}`);
    if (!guarded) continue;
    if (guarded.access === "admin" || (options.tenantKeys && guarded.access === "tenant")) {
      route.security = [{ [BEARER]: [] }, { [HEADER]: [] }];
      if (options.tenantKeys && acceptsQueryKey(guarded)) route.security.push({ [QUERY]: [] });
    }
  }
}
