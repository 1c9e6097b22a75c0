import { timed } from "./outage-server";

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: Record<string, any>;
}

/** One HTTP call, the body parsed as JSON (an empty body as {}). */
export async function fetchJson(url: string, init: RequestInit = {}): Promise<JsonResponse> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
}

export interface TimedResponse {
  status: number;
  body: Record<string, any>;
  ms: number;
}

/** One HTTP call with its wall-clock latency, the body parsed as JSON. */
export async function timedJson(url: string, init: RequestInit = {}): Promise<TimedResponse> {
  const { value, ms } = await timed(() => fetchJson(url, init));
  return { status: value.status, body: value.body, ms };
}
