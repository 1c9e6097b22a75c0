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
