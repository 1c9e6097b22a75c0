import pino from "pino";

/**
 * The longest string any field of a log line carries. An error can hold whatever a
 * request sent (a database echoes a rejected value in its message, a client library
 * keeps a failed command's arguments): one 10 MB upload in one such field became a
 * 37 MB log line and a gigabyte of memory. Kept longer strings are cut, with a marker.
 */
export const MAX_LOGGED_STRING_LENGTH = 2_048;

/** Characters of strings, and entries of objects and arrays, one log call carries in all. */
const MAX_LOGGED_CHARACTERS_PER_LINE = 8_192;

/** Nesting kept; deeper values (and cycles) are replaced by a marker. */
const MAX_LOGGED_DEPTH = 6;

/**
 * Fields in which store clients keep the values a statement or command was sent with:
 * rows and uploads, which have no place in a log and may be large. `params` (PGlite's
 * errors), `parameters`, `values` (pg's queries), `args` (ioredis' failed commands).
 * Logged, they show only how many values there were.
 */
export const SENT_VALUE_FIELDS: ReadonlySet<string> = new Set(["params", "parameters", "values", "args"]);

interface Budget {
  remaining: number;
}

/**
 * One argument of a log call as it is written: strings cut to MAX_LOGGED_STRING_LENGTH,
 * bytes described by their size, parameters redacted, errors serialized as pino does
 * (type, message, stack, own fields), and the whole bounded. Arguments are copied, never changed.
 */
export function capLogArguments(args: readonly unknown[]): unknown[] {
  const budget: Budget = { remaining: MAX_LOGGED_CHARACTERS_PER_LINE };
  return args.map((arg, index) =>
    // pino files an error passed first under `err`; it is serialized here, so that key is kept.
    index === 0 && arg instanceof Error ? { err: capValue(arg, budget, 0) } : capValue(arg, budget, 0),
  );
}

function capValue(value: unknown, budget: Budget, depth: number): unknown {
  if (typeof value === "string") return capString(value, budget);
  if (typeof value !== "object" || value === null) return value;
  if (ArrayBuffer.isView(value)) return `[${value.constructor.name} of ${value.byteLength} bytes]`;
  if (value instanceof ArrayBuffer) return `[ArrayBuffer of ${value.byteLength} bytes]`;
  if (value instanceof Error) return capError(value, budget, depth);
  if (depth >= MAX_LOGGED_DEPTH || budget.remaining <= 0) return "[omitted]";
  // As JSON.stringify writes them: a Date as its ISO string, a URL as its address.
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") {
    return capValue((value as { toJSON(): unknown }).toJSON(), budget, depth + 1);
  }
  if (Array.isArray(value)) {
    const items: unknown[] = [];
    for (const item of value) {
      if (budget.remaining <= 0) {
        items.push(`[${value.length - items.length} more items]`);
        break;
      }
      budget.remaining -= 1;
      items.push(capValue(item, budget, depth + 1));
    }
    return items;
  }
  const fields: Record<string, unknown> = {};
  const keys = Object.keys(value);
  for (const [index, key] of keys.entries()) {
    if (budget.remaining <= 0) {
      fields["[omitted]"] = `${keys.length - index} more fields`;
      break;
    }
    budget.remaining -= key.length;
    const field = (value as Record<string, unknown>)[key];
    fields[key] = SENT_VALUE_FIELDS.has(key) && field !== undefined ? redacted(field) : capValue(field, budget, depth + 1);
  }
  return fields;
}

/**
 * An error as pino serializes it (type, message with its causes', stack, own fields),
 * bounded. The stack is cut line by line: a message quoting a huge value makes its
 * first line huge, and the frames after it are what the line is for.
 */
function capError(error: Error, budget: Budget, depth: number): unknown {
  const { stack, ...fields } = pino.stdSerializers.err(error) as Record<string, unknown>;
  const capped = capValue(fields, budget, depth) as Record<string, unknown>;
  if (typeof stack === "string") {
    const lines: string[] = [];
    const all = stack.split("\n");
    for (const line of all) {
      if (budget.remaining <= 0) {
        lines.push(`…[${all.length - lines.length} more lines]`);
        break;
      }
      lines.push(capString(line, budget));
    }
    capped.stack = lines.join("\n");
  }
  return capped;
}

/**
 * A long string keeps its start and its end around a marker: what identifies a value
 * is often at one end (a message's start, a path's last segment).
 */
function capString(value: string, budget: Budget): string {
  const limit = Math.max(0, Math.min(MAX_LOGGED_STRING_LENGTH, budget.remaining));
  budget.remaining -= Math.min(value.length, limit);
  if (value.length <= limit) return value;
  const head = characterBoundary(value, Math.ceil((limit * 3) / 4));
  const tail = characterBoundary(value, value.length - (limit - head));
  return `${value.slice(0, head)}…[${tail - head} characters cut]…${value.slice(tail)}`;
}

/** `index`, or one before it if it falls between the halves of a surrogate pair (a lone half is not a character). */
function characterBoundary(value: string, index: number): number {
  return index > 0 && isHighSurrogate(value.charCodeAt(index - 1)) ? index - 1 : index;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function redacted(value: unknown): string {
  if (Array.isArray(value)) return `[redacted: ${value.length} ${value.length === 1 ? "value" : "values"}]`;
  return "[redacted]";
}
