import { AppError, TENANT_ID_MAX_CHARACTERS } from "@chatbot/core";
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey, type JWTVerifyOptions } from "jose";

export interface JwtVerifierOptions {
  jwksUrl: string;
  issuer?: string;
  audience?: string;
  tenantClaim: string;
  /** How long fetching the key set may take before the request answers 503. */
  timeoutMs?: number;
}

export interface TokenPrincipal {
  tenantId: string;
  issuer: string | undefined;
  subject: string | undefined;
}

export type TokenCheck = { ok: true; principal: TokenPrincipal } | { ok: false; reason: string };

/** Identity providers' and gateways' clocks drift a little. */
const CLOCK_TOLERANCE_SECONDS = 5;

/** A bearer value that is a JWT rather than an API key (`cbk_` + base64url, which has no dots). */
export function looksLikeJwt(value: string): boolean {
  return !value.startsWith("cbk_") && value.split(".").length === 3;
}

/**
 * Whether fetching the key set failed (network, timeout, a non-200 or unparsable answer),
 * as opposed to the token naming no usable key. jose throws the bare fetch error for a
 * refused connection, and its generic error for a bad HTTP answer.
 */
function keySetUnavailable(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true;
  return error.code === errors.JOSEError.code || error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid;
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "The bearer token has expired";
  if (error instanceof errors.JWTClaimValidationFailed) return `The bearer token's "${error.claim}" claim is not accepted`;
  return "The bearer token is not valid";
}

/**
 * Verifies bearer JWTs against an identity provider's JWKS. Keys are fetched on first use
 * and cached by jose (refetched when a token names an unknown key id, at most every 30 s).
 * The algorithm is whatever the matching key allows, so `none` and HMAC tokens find no key.
 */
export class JwtVerifier {
  private readonly keys: JWTVerifyGetKey;
  private readonly checks: JWTVerifyOptions;

  constructor(private readonly options: JwtVerifierOptions) {
    const remote = createRemoteJWKSet(new URL(options.jwksUrl), { timeoutDuration: options.timeoutMs ?? 5000 });
    // A key set that cannot be fetched is the gateway's trouble (503), not the token's (401).
    this.keys = async (header, input) => {
      try {
        return await remote(header, input);
      } catch (error) {
        if (!keySetUnavailable(error)) throw error;
        throw new AppError("unavailable", "auth_unavailable", "The identity provider's signing keys could not be fetched", {
          cause: error,
        });
      }
    };
    this.checks = {
      ...(options.issuer !== undefined ? { issuer: options.issuer } : {}),
      ...(options.audience !== undefined ? { audience: options.audience } : {}),
      // A token without an expiry would be good forever.
      requiredClaims: ["exp"],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    };
  }

  /** The token's tenant, or why it is refused; throws AppError `unavailable` when the keys cannot be fetched. */
  async verify(token: string): Promise<TokenCheck> {
    try {
      const { payload } = await jwtVerify(token, this.keys, this.checks);
      const claim = payload[this.options.tenantClaim];
      const tenant = typeof claim === "string" ? claim.trim() : "";
      if (tenant === "" || tenant.length > TENANT_ID_MAX_CHARACTERS) {
        return { ok: false, reason: `The bearer token has no usable "${this.options.tenantClaim}" claim` };
      }
      return { ok: true, principal: { tenantId: tenant, issuer: payload.iss, subject: payload.sub } };
    } catch (error) {
      if (error instanceof AppError) throw error;
      return { ok: false, reason: reasonOf(error) };
    }
  }
}
