import type { apiKeysV1 } from "@chatbot/grpc";
import type { ApiKeyService } from "../../domain/access/api-key.service";
import type { ApiRoutes } from "./api-routes";
import { errorResponse, jsonResponse } from "./common.schemas";
import { ApiKeyIdParams, CreateApiKeyBody, CreatedApiKeyResponse, ListApiKeysQuery, ListApiKeysResponse } from "./admin.schemas";

function presentKey(key: apiKeysV1.ApiKey) {
  return {
    key_id: key.key_id,
    tenant: key.tenant_id,
    name: key.name,
    created_at: key.created_at,
    last_used_at: key.last_used_at || null,
    revoked_at: key.revoked_at || null,
  };
}

/** Key management, registered only when ADMIN_API_KEY is set (the guard runs before these routes). */
export function registerAdminRoutes(routes: ApiRoutes, keys: ApiKeyService): void {
  const unauthorized = errorResponse("Missing or wrong admin key");

  routes.add({
    method: "post",
    path: "/api/admin/keys",
    access: "admin",
    summary: "Create an API key for a tenant",
    description: "The key is in this response only; just its SHA-256 is stored.",
    tags: ["Admin"],
    body: CreateApiKeyBody,
    responses: {
      201: jsonResponse("Created", CreatedApiKeyResponse),
      401: unauthorized,
      422: errorResponse("No tenant, or a name that is too long"),
    },
    async handle({ body, response, context }) {
      const created = await keys.create(body.tenant, body.name ?? "", context.signal);
      response.status(201).json({ ...presentKey(created.api_key!), key: created.key });
    },
  });

  routes.add({
    method: "get",
    path: "/api/admin/keys",
    access: "admin",
    summary: "List API keys (never the keys themselves)",
    tags: ["Admin"],
    query: ListApiKeysQuery,
    responses: { 200: jsonResponse("Keys, newest first", ListApiKeysResponse), 401: unauthorized },
    async handle({ query, response, context }) {
      const listed = await keys.list(query.tenant ?? "", context.signal);
      response.json({ keys: listed.map(presentKey) });
    },
  });

  routes.add({
    method: "delete",
    path: "/api/admin/keys/{key_id}",
    access: "admin",
    summary: "Revoke an API key",
    description: "Takes effect at once on this gateway instance and within API_KEY_CACHE_SECONDS on the others.",
    tags: ["Admin"],
    params: ApiKeyIdParams,
    responses: { 204: { description: "Revoked" }, 401: unauthorized, 404: errorResponse("Unknown key") },
    async handle({ params, response, context }) {
      await keys.revoke(params.key_id, context.signal);
      response.status(204).end();
    },
  });
}
