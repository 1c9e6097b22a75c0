/**
 * Who may call a route. Every route declares it, and the route's own middleware enforces
 * it, so whatever spelling of a path the router matches (letter case, trailing slash) is
 * guarded exactly as the route is: there is no second reading of the path to disagree.
 * - `public`: probes, metrics and the health summary; anyone.
 * - `tenant`: the API; a tenant's key or token in AUTH_MODE=api_key, and counted against limits.
 * - `admin`: key management; ADMIN_API_KEY only, never counted against a tenant's limits.
 */
export type RouteAccess = "public" | "tenant" | "admin";

/** What the guards need to know of a route. */
export interface GuardedRoute {
  method: "get" | "post" | "put" | "patch" | "delete";
  access: RouteAccess;
  /** A long-lived response, counted against MAX_CONCURRENT_STREAMS_PER_KEY. */
  stream: boolean;
}

/** The query parameter that may carry a tenant's key, on the routes `acceptsQueryKey` names. */
export const QUERY_KEY_PARAMETER = "api_key";

/**
 * The GET stream routes (chat stream, resume, document progress): browsers' EventSource
 * cannot send headers, so there alone a key is also taken from `?api_key=`. Anywhere else
 * a key in the URL is ignored, so it does not spread into links, history and proxy logs.
 */
export function acceptsQueryKey(route: GuardedRoute): boolean {
  return route.access === "tenant" && route.method === "get" && route.stream;
}
