import { z } from "zod";
import {
  API_KEY_NAME_MAX_CHARACTERS,
  DEFAULT_PAGE_SIZE,
  FEEDBACK_COMMENT_MAX_CHARACTERS,
  FEEDBACK_RATINGS,
  DEFAULT_SESSION_SEARCH_RESULTS,
  METADATA_MAX_BYTES,
  PAGE_SIZE_MAX,
  SESSION_AUTO_TITLE_MAX_CHARACTERS,
  SESSION_SEARCH_QUERY_MAX_CHARACTERS,
  SESSION_SEARCH_RESULTS_MAX,
  SESSION_TITLE_MAX_CHARACTERS,
  TENANT_ID_MAX_CHARACTERS,
  USER_ID_MAX_CHARACTERS,
  UNSTORABLE_TEXT_MESSAGE,
  containsUnstorableText,
  dropUnstorableText,
  errors,
  isStorableText,
} from "@chatbot/core";
import { FINISH_REASONS, MESSAGE_ROLES, MESSAGE_STATUSES, type JsonObject, type Source, type TokenUsage } from "./session.types";

export const MAX_METADATA_BYTES = METADATA_MAX_BYTES;
/** Far above any chat turn; keeps one message from filling a gRPC frame or a context window. */
export const MAX_CONTENT_BYTES = 1024 * 1024;
export const MAX_TENANT_ID_LENGTH = TENANT_ID_MAX_CHARACTERS;
export const MAX_KEY_NAME_LENGTH = API_KEY_NAME_MAX_CHARACTERS;
export const MAX_MODEL_LENGTH = 200;
export const MAX_CODE_LENGTH = 100;
export const LIST_LIMIT = { min: 1, max: PAGE_SIZE_MAX, fallback: DEFAULT_PAGE_SIZE };
export const SEARCH_LIMIT = { min: 1, max: SESSION_SEARCH_RESULTS_MAX, fallback: DEFAULT_SESSION_SEARCH_RESULTS };
/** `MAX_CONTEXT_MESSAGES` of the design defaults to 10. */
export const CONTEXT_MESSAGES = { min: 1, max: 200, fallback: 10 };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * An id that cannot exist is simply not found: callers get the same answer for a
 * typo, another tenant's session and a deleted one.
 */
export function requireExistingId(value: string, what: "Session" | "Message"): string {
  if (!isUuid(value)) throw notFound(what);
  return value.toLowerCase();
}

export function notFound(what: "Session" | "Message") {
  return errors.notFound(what, what === "Session" ? "session_not_found" : "message_not_found");
}

/** Sources are derived from documents; characters Postgres cannot store are dropped rather than failing the turn. */
export function cleanSources(sources: Source[]): Source[] {
  return sources.map((source) => ({
    ...source,
    documentId: dropUnstorableText(source.documentId),
    title: dropUnstorableText(source.title),
    snippet: dropUnstorableText(source.snippet),
    score: Number.isFinite(source.score) ? source.score : 0,
  }));
}

// Field schemas. Where one field can break two rules, only the first is reported (`abort`).

export const TenantIdSchema = z
  .string()
  .refine((tenantId) => tenantId.length > 0, { message: "is required", abort: true })
  .max(MAX_TENANT_ID_LENGTH, `must be at most ${MAX_TENANT_ID_LENGTH} characters`);

/** Absent means {}; otherwise a JSON object of at most 16 KiB as JSON, with text Postgres can store. */
export const MetadataSchema = z
  .custom<JsonObject>((value) => typeof value === "object" && value !== null && !Array.isArray(value), "must be a JSON object")
  .refine((metadata) => Buffer.byteLength(JSON.stringify(metadata), "utf8") <= MAX_METADATA_BYTES, {
    message: `must be at most ${MAX_METADATA_BYTES} bytes as JSON`,
    abort: true,
  })
  .refine((metadata) => !containsUnstorableText(metadata), UNSTORABLE_TEXT_MESSAGE)
  .optional()
  .transform((metadata): JsonObject => metadata ?? {});

/** `metadata_json` of a request: "" means absent; text far larger than allowed once re-serialised is not worth parsing. */
export const MetadataJsonSchema = z
  .string()
  .refine((json) => json.length <= MAX_METADATA_BYTES * 4, { message: `must be at most ${MAX_METADATA_BYTES} bytes as JSON`, abort: true })
  .transform((json, context): unknown => {
    if (json === "") return undefined;
    try {
      return JSON.parse(json) as unknown;
    } catch {
      context.addIssue({ code: "custom", message: "must be a JSON object" });
      return z.NEVER;
    }
  });

export const ContentSchema = z
  .string()
  .refine((content) => Buffer.byteLength(content, "utf8") <= MAX_CONTENT_BYTES, { message: `must be at most ${MAX_CONTENT_BYTES} bytes`, abort: true })
  .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);

/** Bounded text Postgres can store; absent means "". */
export const textSchema = (maxLength: number) =>
  z
    .string()
    .max(maxLength, { message: `must be at most ${maxLength} characters`, abort: true })
    .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE)
    .optional()
    .transform((value) => value ?? "");

const oneOf = <const T extends readonly [string, ...string[]]>(values: T, message = `must be one of ${values.join(", ")}`) => z.enum(values, { error: message });

export const RoleSchema = oneOf(MESSAGE_ROLES);

/** Empty or absent means complete. */
export const StatusSchema = z
  .string()
  .optional()
  .transform((status) => (status === undefined || status === "" ? "complete" : status))
  .pipe(oneOf(MESSAGE_STATUSES));

export const FinalStatusSchema = oneOf(["complete", "interrupted", "failed"] as const satisfies readonly Exclude<(typeof MESSAGE_STATUSES)[number], "streaming">[]);

export const FinishReasonSchema = z
  .string()
  .optional()
  .transform((reason) => reason ?? "")
  .pipe(oneOf(FINISH_REASONS, "must be stop, length or empty"));

const count = z.number();
/** Absent or null means none. */
export const TokenUsageSchema = z
  .object({ promptTokens: count, completionTokens: count, totalTokens: count })
  .refine(
    (usage) => [usage.promptTokens, usage.completionTokens, usage.totalTokens].every((value) => Number.isInteger(value) && value >= 0),
    "token counts must be whole numbers, not negative",
  )
  .nullable()
  .optional()
  .transform((usage): TokenUsage | null => usage ?? null);

export const SourcesSchema = z
  .array(z.custom<Source>())
  .optional()
  .transform((sources) => cleanSources(sources ?? []));

/** Absent takes the fallback; anything outside the range is refused. */
export const rangeSchema = (range: { min: number; max: number; fallback: number }) =>
  z
    .number()
    .refine((value) => Number.isInteger(value) && value >= range.min && value <= range.max, `must be a whole number between ${range.min} and ${range.max}`)
    .optional()
    .transform((value) => value ?? range.fallback);

/** Absent means no token limit. */
export const TokenBudgetSchema = z
  .number()
  .refine((budget) => Number.isInteger(budget) && budget >= 1, "must be a positive whole number")
  .optional();

const uuidSchema = z
  .string()
  .transform((id) => id.toLowerCase())
  .pipe(z.string().regex(UUID, "must be a UUID"));

// Request schemas: keys in the order their problems are listed.

export const TenantRefSchema = z.object({ tenantId: TenantIdSchema });

/** A session owner's id: the rules of a tenant id (1–128 characters, no edge spaces), storable text. */
export const UserIdSchema = z
  .string()
  .refine((userId) => userId.length > 0, { message: "must not be empty", abort: true })
  .max(USER_ID_MAX_CHARACTERS, { message: `must be at most ${USER_ID_MAX_CHARACTERS} characters`, abort: true })
  .refine((userId) => userId === userId.trim(), { message: "must not start or end with spaces", abort: true })
  .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);

export const TitleSchema = z
  .string()
  .refine((title) => title.trim().length > 0, { message: "must not be empty", abort: true })
  .max(SESSION_TITLE_MAX_CHARACTERS, { message: `must be at most ${SESSION_TITLE_MAX_CHARACTERS} characters`, abort: true })
  .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE);

export const CreateSessionSchema = z.object({
  tenantId: TenantIdSchema,
  metadata: MetadataSchema,
  userId: UserIdSchema.optional(),
  title: TitleSchema.optional(),
});

export const SetTitleSchema = z.object({ tenantId: TenantIdSchema, title: TitleSchema });

/**
 * A listing cursor: the last row's time and id, opaque to clients; "" or absent means the
 * first page. Anything not handed out by `encodeCursor` is refused, naming the field.
 */
const cursorSchema = () =>
  z
    .string()
    .optional()
    .transform((cursor, context): { time: Date; id: string } | null => {
      if (cursor === undefined || cursor === "") return null;
      const [iso, id, ...rest] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
      const time = new Date(iso ?? "");
      if (rest.length > 0 || !id || !UUID.test(id) || Number.isNaN(time.getTime())) {
        context.addIssue({ code: "custom", message: "is not a cursor from a previous page" });
        return z.NEVER;
      }
      return { time, id: id.toLowerCase() };
    });

function encodeCursor(time: Date, id: string): string {
  return Buffer.from(`${time.toISOString()}|${id}`).toString("base64url");
}

/** Cursor of the session listing: the last row's activity time and id. */
export const SessionCursorSchema = cursorSchema().transform((position) => (position ? { lastActivityAt: position.time, id: position.id } : null));

export function encodeSessionCursor(position: { lastActivityAt: Date; id: string }): string {
  return encodeCursor(position.lastActivityAt, position.id);
}

export const ListSessionsSchema = z.object({
  tenantId: TenantIdSchema,
  userId: UserIdSchema.optional(),
  limit: rangeSchema(LIST_LIMIT),
  cursor: SessionCursorSchema,
});

/** A search of sessions by words: 1..200 characters (a query without letters or digits finds nothing). */
export const SearchSessionsSchema = z.object({
  tenantId: TenantIdSchema,
  query: z
    .string()
    .min(1, { message: "is required", abort: true })
    .max(SESSION_SEARCH_QUERY_MAX_CHARACTERS, `must be at most ${SESSION_SEARCH_QUERY_MAX_CHARACTERS} characters`),
  userId: UserIdSchema.optional(),
  limit: rangeSchema(SEARCH_LIMIT),
});

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * The title a first user message gives: trimmed, whitespace runs as one space, cut at a
 * character (grapheme) boundary to at most SESSION_AUTO_TITLE_MAX_CHARACTERS code points,
 * so Hangul, emoji and surrogate pairs are never split. Null when nothing is left.
 */
export function titleFromMessage(content: string): string | null {
  const collapsed = dropUnstorableText(content).replace(/\s+/gu, " ").trim();
  if (collapsed === "") return null;
  let title = "";
  let length = 0;
  for (const { segment } of graphemes.segment(collapsed)) {
    const size = [...segment].length;
    if (length + size > SESSION_AUTO_TITLE_MAX_CHARACTERS) break;
    title += segment;
    length += size;
  }
  return title.trim() || null;
}

/** What a message's writer reports about it: its text, model, usage, sources and how it ended. */
const outcomeShape = {
  content: ContentSchema,
  model: textSchema(MAX_MODEL_LENGTH),
  tokenUsage: TokenUsageSchema,
  sources: SourcesSchema,
  errorCode: textSchema(MAX_CODE_LENGTH),
  finishReason: FinishReasonSchema,
};

export const AppendMessageSchema = z.object({
  tenantId: TenantIdSchema,
  role: RoleSchema,
  status: StatusSchema,
  ...outcomeShape,
  /** A client-chosen uuid; absent or empty means one is generated. */
  messageId: z
    .string()
    .optional()
    .transform((id) => (id ? id : undefined))
    .pipe(uuidSchema.optional()),
});

export const FinalizeMessageSchema = z.object({ status: FinalStatusSchema, ...outcomeShape, provider: textSchema(MAX_MODEL_LENGTH) });

export const ListMessagesSchema = z.object({ limit: rangeSchema(LIST_LIMIT) });

export const GetContextSchema = z.object({ maxMessages: rangeSchema(CONTEXT_MESSAGES), tokenBudget: TokenBudgetSchema });

/**
 * A turn asks a question (`content`), optionally under a chosen message (`parentMessageId`,
 * null for a new root), or regenerates a reply (`regenerateMessageId`, without a question);
 * either needs the session. Unknown ids are checked against the session, not here.
 */
export const BeginTurnSchema = z
  .object({
    maxMessages: rangeSchema(CONTEXT_MESSAGES),
    tokenBudget: TokenBudgetSchema,
    assistantMessageId: uuidSchema,
    tenantId: TenantIdSchema,
    content: ContentSchema,
    regenerateMessageId: z.string().optional(),
    parentMessageId: z.string().nullable().optional(),
    sessionId: z.string().optional(),
  })
  .superRefine((turn, context) => {
    const regenerating = turn.regenerateMessageId !== undefined;
    if (regenerating && turn.content !== "") context.addIssue({ code: "custom", path: ["content"], message: "must be empty when regenerating a reply" });
    if (regenerating && turn.parentMessageId !== undefined) {
      context.addIssue({ code: "custom", path: ["parentMessageId"], message: "cannot be combined with regenerate_message_id" });
    }
    if ((regenerating || turn.parentMessageId !== undefined) && turn.sessionId === undefined) {
      context.addIssue({ code: "custom", path: ["sessionId"], message: "is required to regenerate a reply or to answer from a chosen message" });
    }
  });

export const NewApiKeySchema = z.object({
  tenantId: TenantIdSchema.refine((tenantId) => tenantId === tenantId.trim(), "must not start or end with spaces"),
  name: textSchema(MAX_KEY_NAME_LENGTH),
});

/** A running summary's text, as a message's content (it is cut to SUMMARY_MAX_TOKENS when stored). */
export const SaveSummarySchema = z.object({ content: ContentSchema.refine((content) => content.trim().length > 0, "must not be empty") });

/** A rating's comment: at most FEEDBACK_COMMENT_MAX_CHARACTERS, text Postgres can store; absent means "". */
export const FeedbackCommentSchema = z
  .string()
  .max(FEEDBACK_COMMENT_MAX_CHARACTERS, { message: `must be at most ${FEEDBACK_COMMENT_MAX_CHARACTERS} characters`, abort: true })
  .refine(isStorableText, UNSTORABLE_TEXT_MESSAGE)
  .optional()
  .transform((comment) => comment ?? "");

export const RatingSchema = oneOf(FEEDBACK_RATINGS);

export const SetFeedbackSchema = z.object({ tenantId: TenantIdSchema, rating: RatingSchema, comment: FeedbackCommentSchema });

/** Cursor of the feedback listing: the last row's rating time and message id. */
export const FeedbackCursorSchema = cursorSchema().transform((position) => (position ? { updatedAt: position.time, messageId: position.id } : null));

export function encodeFeedbackCursor(position: { updatedAt: Date; messageId: string }): string {
  return encodeCursor(position.updatedAt, position.messageId);
}

export const ListFeedbackSchema = z.object({
  tenantId: TenantIdSchema,
  /** "" or absent means both ratings. */
  rating: z
    .string()
    .optional()
    .transform((rating) => (rating ? rating : undefined))
    .pipe(RatingSchema.optional()),
  limit: rangeSchema(LIST_LIMIT),
  cursor: FeedbackCursorSchema,
});
