import { DEFAULT_PAGE_SIZE, PAGE_SIZE_MAX } from "@chatbot/core";
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

/** What a list's `limit` may be, as the 422 descriptions name it. */
export const PAGE_SIZE_RANGE = `1..${PAGE_SIZE_MAX}`;

const pageSizeMessage = `must be a whole number from 1 to ${PAGE_SIZE_MAX}`;

/** A list request's `limit` (messages, documents): rows in one page, DEFAULT_PAGE_SIZE when absent. */
export const PageSizeLimit = z.coerce
  .number({ error: pageSizeMessage })
  .int(pageSizeMessage)
  .min(1, pageSizeMessage)
  .max(PAGE_SIZE_MAX, pageSizeMessage)
  .default(DEFAULT_PAGE_SIZE);
