import { z } from "./openapi-zod";

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: "validation_failed" }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
    request_id: z.string(),
  })
  .openapi("ErrorResponse");

export function errorResponse(description: string) {
  return { description, content: { "application/json": { schema: ErrorResponse } } };
}

export function jsonResponse(description: string, schema: z.ZodType) {
  return { description, content: { "application/json": { schema } } };
}

/** For the GET stream routes, whose key may travel in the URL (see the apiKeyQuery security scheme). */
export const QUERY_KEY_NOTE = "With AUTH_MODE=api_key, EventSource clients (which cannot send headers) may pass the key as `?api_key=`.";
