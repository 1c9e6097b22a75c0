import type { OpenAPIRegistry } from "@asteasolutions/zod-to-openapi";
import { isAdminPath, needsApiKey } from "./access-paths";

const BEARER = "bearerAuth";
const HEADER = "apiKeyHeader";

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
  for (const definition of openapi.definitions) {
    if (definition.type !== "route") continue;
    const { route } = definition;
    if (isAdminPath(route.path) || (options.tenantKeys && needsApiKey(route.path.replace(/\{[^}]+\}/g, "x")))) {
      route.security = [{ [BEARER]: [] }, { [HEADER]: [] }];
    }
  }
}
