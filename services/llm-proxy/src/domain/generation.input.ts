import { MAX_NEW_TOKENS, MAX_STOP_SEQUENCES, TEMPERATURE_MAX, TEMPERATURE_MIN, errors, type FieldIssue } from "@chatbot/core";
import { z } from "zod";
import { GENERATION_TASKS, type ChatRole } from "./generation.types";

const ROLES = ["system", "user", "assistant"] as const satisfies readonly ChatRole[];

const MAX_NEW_TOKENS_RULE = `must be a whole number from 1 to ${MAX_NEW_TOKENS}`;
const TEMPERATURE_RULE = `must be between ${TEMPERATURE_MIN} and ${TEMPERATURE_MAX}`;
const TOP_P_RULE = "must be greater than 0 and at most 1";

/**
 * What a generation request must satisfy, with the limits of @chatbot/core that the gateway
 * applies too (a request it accepts is never refused here). Fields keep their wire names so
 * a refusal names the field the caller sent; defaults are applied before.
 */
export const generationInputSchema = z.object({
  messages: z.array(z.object({ role: z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` }), content: z.string() })).min(1, "must contain at least one message"),
  max_new_tokens: z.number({ error: MAX_NEW_TOKENS_RULE }).int(MAX_NEW_TOKENS_RULE).min(1, MAX_NEW_TOKENS_RULE).max(MAX_NEW_TOKENS, MAX_NEW_TOKENS_RULE),
  temperature: z.number({ error: TEMPERATURE_RULE }).min(TEMPERATURE_MIN, TEMPERATURE_RULE).max(TEMPERATURE_MAX, TEMPERATURE_RULE),
  top_p: z.number({ error: TOP_P_RULE }).gt(0, TOP_P_RULE).max(1, TOP_P_RULE).optional(),
  task: z.enum(GENERATION_TASKS, { error: `must be one of ${GENERATION_TASKS.join(", ")}` }).optional(),
  // Both rules in one refinement, so that both are reported when both are broken (zod skips
  // a refinement once an earlier check of the same value failed).
  stop: z.array(z.string()).superRefine((sequences, context) => {
    if (sequences.length > MAX_STOP_SEQUENCES) context.addIssue({ code: "custom", message: `must have at most ${MAX_STOP_SEQUENCES} sequences` });
    if (sequences.some((sequence) => sequence.length === 0)) context.addIssue({ code: "custom", message: "must not contain empty sequences" });
  }),
});

export type GenerationInput = z.infer<typeof generationInputSchema>;

/** Checks a request; every problem is reported at once, by field (`messages[0].role`), as a validation error. */
export function parseGenerationInput(input: unknown): GenerationInput {
  const result = generationInputSchema.safeParse(input);
  if (!result.success) throw errors.validation(issuesOf(result.error));
  return result.data;
}

/** One issue per field and message: a value breaking two rules worded alike (e.g. -0.5 tokens) is named once. */
function issuesOf(error: z.ZodError): FieldIssue[] {
  const issues = new Map<string, FieldIssue>();
  for (const issue of error.issues) {
    const field = fieldOf(issue.path);
    issues.set(`${field}\n${issue.message}`, { field, message: issue.message });
  }
  return [...issues.values()];
}

function fieldOf(path: readonly PropertyKey[]): string {
  let field = "";
  for (const part of path) field += typeof part === "number" ? `[${part}]` : field ? `.${String(part)}` : String(part);
  return field || "request";
}
