import { containsUnstorableText, dropUnstorableText, errors, isStorableText, UNSTORABLE_TEXT_MESSAGE, type FieldIssue } from "@chatbot/core";
import {
  FINISH_REASONS,
  MESSAGE_ROLES,
  MESSAGE_STATUSES,
  type FinalStatus,
  type FinishReason,
  type JsonObject,
  type MessageRole,
  type MessageStatus,
  type Source,
  type TokenUsage,
} from "./session.types";

export const MAX_METADATA_BYTES = 16 * 1024;
/** Far above any chat turn; keeps one message from filling a gRPC frame or a context window. */
export const MAX_CONTENT_BYTES = 1024 * 1024;
export const MAX_TENANT_ID_LENGTH = 128;
export const LIST_LIMIT = { min: 1, max: 200, fallback: 50 };
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

/** Collects field problems so one answer lists all of them. */
export class IssueList {
  private readonly issues: FieldIssue[] = [];

  add(field: string, message: string): void {
    this.issues.push({ field, message });
  }

  throwIfAny(): void {
    if (this.issues.length > 0) throw errors.validation(this.issues);
  }
}

export function checkTenant(tenantId: string, issues: IssueList): void {
  if (tenantId.length === 0) issues.add("tenant_id", "is required");
  else if (tenantId.length > MAX_TENANT_ID_LENGTH) issues.add("tenant_id", `must be at most ${MAX_TENANT_ID_LENGTH} characters`);
}

export function checkMetadata(metadata: unknown, issues: IssueList): JsonObject {
  if (metadata === undefined) return {};
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
    issues.add("metadata", "must be a JSON object");
    return {};
  }
  const text = JSON.stringify(metadata);
  if (Buffer.byteLength(text, "utf8") > MAX_METADATA_BYTES) {
    issues.add("metadata", `must be at most ${MAX_METADATA_BYTES} bytes as JSON`);
  } else if (containsUnstorableText(metadata)) {
    issues.add("metadata", UNSTORABLE_TEXT_MESSAGE);
  }
  return metadata as JsonObject;
}

export function checkContent(content: string, issues: IssueList): void {
  if (Buffer.byteLength(content, "utf8") > MAX_CONTENT_BYTES) issues.add("content", `must be at most ${MAX_CONTENT_BYTES} bytes`);
  else if (!isStorableText(content)) issues.add("content", UNSTORABLE_TEXT_MESSAGE);
}

export function checkRole(role: string, issues: IssueList): MessageRole {
  if (!(MESSAGE_ROLES as readonly string[]).includes(role)) issues.add("role", `must be one of ${MESSAGE_ROLES.join(", ")}`);
  return role as MessageRole;
}

/** Empty means complete. */
export function checkStatus(status: string, issues: IssueList): MessageStatus {
  if (status === "") return "complete";
  if (!(MESSAGE_STATUSES as readonly string[]).includes(status)) {
    issues.add("status", `must be one of ${MESSAGE_STATUSES.join(", ")}`);
  }
  return status as MessageStatus;
}

export function checkFinalStatus(status: string, issues: IssueList): FinalStatus {
  const finals = MESSAGE_STATUSES.filter((value) => value !== "streaming");
  if (!(finals as readonly string[]).includes(status)) issues.add("status", `must be one of ${finals.join(", ")}`);
  return status as FinalStatus;
}

export function checkFinishReason(reason: string, issues: IssueList): FinishReason {
  if (!(FINISH_REASONS as readonly string[]).includes(reason)) issues.add("finish_reason", "must be stop, length or empty");
  return reason as FinishReason;
}

export function checkTokenUsage(usage: TokenUsage | null, issues: IssueList): TokenUsage | null {
  if (usage === null) return null;
  const values = [usage.promptTokens, usage.completionTokens, usage.totalTokens];
  if (values.some((value) => !Number.isInteger(value) || value < 0)) {
    issues.add("token_usage", "token counts must be whole numbers, not negative");
  }
  return usage;
}

export function checkText(value: string, field: string, maxLength: number, issues: IssueList): string {
  if (value.length > maxLength) issues.add(field, `must be at most ${maxLength} characters`);
  else if (!isStorableText(value)) issues.add(field, UNSTORABLE_TEXT_MESSAGE);
  return value;
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

/** Absent (undefined) takes the fallback; anything outside the range is a validation error naming `field`. */
export function checkRange(
  value: number | undefined,
  field: string,
  range: { min: number; max: number; fallback: number },
  issues: IssueList,
): number {
  if (value === undefined) return range.fallback;
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    issues.add(field, `must be a whole number between ${range.min} and ${range.max}`);
    return range.fallback;
  }
  return value;
}
