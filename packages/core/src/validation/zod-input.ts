import type { z } from "zod";
import { errors, type FieldIssue } from "../errors/app-error";

const snakeCase = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/**
 * The wire name of a field a zod issue points at: keys in snake_case, list positions in
 * brackets, e.g. ["chunks", 0, "chunkIndex"] → "chunks[0].chunk_index".
 */
export function fieldName(path: readonly PropertyKey[], prefix = ""): string {
  let name = prefix;
  for (const segment of path) {
    if (typeof segment === "number") name += `[${segment}]`;
    else name += (name === "" ? "" : ".") + snakeCase(String(segment));
  }
  return name;
}

/** A zod error's problems as field issues, in the order the schema found them. */
export function fieldIssues(error: z.ZodError, prefix = ""): FieldIssue[] {
  return error.issues.map((issue) => ({ field: fieldName(issue.path, prefix), message: issue.message }));
}

/** The field problems of a value a schema refuses; [] when it accepts the value. */
export function inputIssues(schema: z.ZodType, value: unknown, prefix = ""): FieldIssue[] {
  const result = schema.safeParse(value);
  return result.success ? [] : fieldIssues(result.error, prefix);
}

/** The value as the schema outputs it; a validation AppError listing every field problem when it refuses it. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw errors.validation(fieldIssues(result.error));
}

/** Throws one validation AppError for all the problems given, if any. */
export function throwIfIssues(issues: readonly FieldIssue[]): void {
  if (issues.length > 0) throw errors.validation([...issues]);
}

/**
 * One field's value as its schema outputs it; a validation AppError naming the field (and any
 * path inside it) when refused. For a field checked on its own, instead of a `z.object` made
 * around it per call: zod 4 compiles an object schema the first time it parses, and a new one
 * per call is compiled every time (most of the CPU of a small request, in a profile).
 */
export function parseField<S extends z.ZodType>(field: string, schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw errors.validation(fieldIssues(result.error, fieldName([field])));
}
