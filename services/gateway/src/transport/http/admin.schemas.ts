import { API_KEY_NAME_MAX_CHARACTERS, TENANT_ID_MAX_CHARACTERS } from "@chatbot/core";
import { z } from "./openapi-zod";

export const CreateApiKeyBody = z
  .object({
    tenant: z
      .string({ error: "is required" })
      .trim()
      .min(1, "is required")
      .max(TENANT_ID_MAX_CHARACTERS, `must be at most ${TENANT_ID_MAX_CHARACTERS} characters`)
      .openapi({ description: "The tenant the key acts for", example: "acme" }),
    name: z
      .string()
      .max(API_KEY_NAME_MAX_CHARACTERS, `must be at most ${API_KEY_NAME_MAX_CHARACTERS} characters`)
      .optional()
      .openapi({ description: "A label for people", example: "운영 서버" }),
  })
  .openapi("CreateApiKeyRequest");

export const ApiKeyInfo = z
  .object({
    key_id: z.string(),
    tenant: z.string(),
    name: z.string(),
    created_at: z.string(),
    last_used_at: z.string().nullable(),
    revoked_at: z.string().nullable(),
  })
  .openapi("ApiKey");

export const CreatedApiKeyResponse = ApiKeyInfo.extend({
  key: z.string().openapi({ description: "The key itself: shown in this response only, stored nowhere", example: "cbk_…" }),
}).openapi("CreatedApiKey");

export const ListApiKeysQuery = z.object({
  tenant: z.string().optional().openapi({ description: "Only this tenant's keys" }),
});

export const ListApiKeysResponse = z.object({ keys: z.array(ApiKeyInfo) }).openapi("ApiKeyList");

export const ApiKeyIdParams = z.object({
  key_id: z.string().openapi({ description: "Key id (uuid)" }),
});
