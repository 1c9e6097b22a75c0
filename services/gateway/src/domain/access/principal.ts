import type { Principal } from "./api-key-resolver";

/** The tenant every request acts for without keys (AUTH_MODE=none), and the initial key's. */
export const DEFAULT_TENANT = "default";

export function subjectOfPrincipal(principal: Principal): string {
  return `key:${principal.keyId}`;
}

/** A token's user, whichever of the identity provider's tenants they act for. */
export function subjectOfToken(principal: { issuer: string | undefined; subject: string | undefined }): string {
  return `jwt:${principal.issuer ?? ""}:${principal.subject ?? ""}`;
}
