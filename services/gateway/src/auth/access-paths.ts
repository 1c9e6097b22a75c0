/** Routes anyone may call: probes, metrics and the API documentation live outside /api or are listed here. */
const OPEN_API_PATHS = new Set(["/api/health"]);
/** Guarded by ADMIN_API_KEY instead of a tenant's key. */
export const ADMIN_PREFIX = "/api/admin";

export function isAdminPath(path: string): boolean {
  return path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`);
}

/** Whether a path needs a tenant's API key (in AUTH_MODE=api_key). */
export function needsApiKey(path: string): boolean {
  if (!(path === "/api" || path.startsWith("/api/"))) return false;
  return !OPEN_API_PATHS.has(path) && !isAdminPath(path);
}

/** Long-lived responses counted against MAX_CONCURRENT_STREAMS_PER_KEY. */
export function isStreamRequest(method: string, path: string): boolean {
  if (path === "/api/chat/stream") return method === "GET" || method === "POST";
  if (method !== "GET") return false;
  return /^\/api\/chat\/streams\/[^/]+\/?$/.test(path) || /^\/api\/documents\/[^/]+\/events\/?$/.test(path);
}

/** The query parameter that may carry a tenant's key, on the routes `acceptsQueryKey` names. */
export const QUERY_KEY_PARAMETER = "api_key";

/**
 * The GET stream routes (chat stream, resume, document progress): browsers' EventSource
 * cannot send headers, so there alone a key is also taken from `?api_key=`. Anywhere else
 * a key in the URL is ignored, so it does not spread into links, history and proxy logs.
 */
export function acceptsQueryKey(method: string, path: string): boolean {
  return method === "GET" && isStreamRequest(method, path);
}
