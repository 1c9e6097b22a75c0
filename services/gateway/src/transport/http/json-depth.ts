/**
 * How deep a JSON body may nest. Every field of the API is at most a few levels deep
 * (metadata objects included); validation, protobuf conversion and storage walk values
 * recursively, so a 20 KB body nested 10,000 levels would exhaust their stacks.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * The top-level field under which `value` nests deeper than `maxDepth` (the body itself is
 * level 1), or undefined when it does not. Iterative, so no input can overflow it.
 */
export function tooDeepField(value: unknown, maxDepth: number = MAX_JSON_DEPTH): string | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const pending: Array<{ node: object; depth: number; field: string | undefined }> = [{ node: value, depth: 1, field: undefined }];
  while (pending.length > 0) {
    const { node, depth, field } = pending.pop()!;
    if (depth > maxDepth) return field ?? "body";
    for (const [key, child] of Object.entries(node)) {
      if (child !== null && typeof child === "object") pending.push({ node: child, depth: depth + 1, field: field ?? key });
    }
  }
  return undefined;
}
