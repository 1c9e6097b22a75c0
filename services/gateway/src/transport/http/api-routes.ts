import express, { type Request, type RequestHandler, type Response } from "express";
import { OpenAPIRegistry, type RouteConfig, type ZodRequestBody } from "@asteasolutions/zod-to-openapi";
import type { z } from "zod";
import { errors, type FieldIssue } from "@chatbot/core";
import type { RouteGuards } from "./access/route-guards";
import type { GuardedRoute, RouteAccess } from "./access/route-access";
import { contextOf, type RequestContext } from "./request-context";

type Schema = z.ZodType;
type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  request: Request;
  response: Response;
  context: RequestContext;
}

export interface RouteDefinition<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined> {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI form, e.g. `/api/sessions/{session_id}`. */
  path: string;
  /** Who may call it; the route's own middleware enforces it (see route-access.ts). */
  access: RouteAccess;
  /** A long-lived response (an event stream), counted against the open streams per key. */
  stream?: true;
  summary: string;
  description?: string;
  tags: string[];
  params?: P;
  query?: Q;
  body?: B;
  /** Extra middleware run before validation (e.g. a multipart parser instead of JSON). */
  before?: RequestHandler[];
  /** Documents a request body the handler reads itself (e.g. multipart or JSON). */
  documentedBody?: ZodRequestBody;
  responses: RouteConfig["responses"];
  handle(input: RouteInput<Infer<P>, Infer<Q>, Infer<B>>): Promise<void> | void;
}

function expressPath(openapiPath: string): string {
  return openapiPath.replace(/\{(\w+)\}/g, ":$1");
}

function issuesOf(error: z.ZodError, location: string): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: issue.path.length > 0 ? issue.path.map(String).join(".") : location,
    message: issue.message,
  }));
}

export function parse<S extends Schema | undefined>(schema: S, value: unknown, location: string): Infer<S> {
  if (!schema) return undefined as Infer<S>;
  const result = schema.safeParse(value);
  if (!result.success) throw errors.validation(issuesOf(result.error, location));
  return result.data as Infer<S>;
}

/**
 * Routes are declared once: the same zod schemas validate requests and generate the
 * OpenAPI document, so /docs cannot drift from what the server accepts; and each route's
 * access is enforced by its own middleware, so routing and access cannot disagree.
 * Paths match case-sensitively, as they are documented.
 */
export class ApiRoutes {
  readonly openapi = new OpenAPIRegistry();
  readonly router = express.Router({ caseSensitive: true });
  /** Each route's access, by `method path` as in the OpenAPI document. */
  readonly access = new Map<string, GuardedRoute>();

  constructor(private readonly options: { jsonBody: RequestHandler; guards: RouteGuards }) {}

  add<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined>(route: RouteDefinition<P, Q, B>): void {
    this.openapi.registerPath({
      method: route.method,
      path: route.path,
      summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      tags: route.tags,
      request: {
        ...(route.params ? { params: route.params as never } : {}),
        ...(route.query ? { query: route.query as never } : {}),
        ...(route.body ? { body: { content: { "application/json": { schema: route.body } } } } : {}),
        ...(route.documentedBody ? { body: route.documentedBody } : {}),
      },
      responses: route.responses,
    });
    const guarded: GuardedRoute = { method: route.method, access: route.access, stream: route.stream === true };
    this.access.set(`${route.method} ${route.path}`, guarded);
    const body = route.before ?? (route.body ? [this.options.jsonBody] : []);
    const middleware = [...this.options.guards(guarded), ...body];
    this.router[route.method](expressPath(route.path), ...middleware, async (request: Request, response: Response) => {
      // `request.query` parses the query string when read: only routes that take a query read it.
      const input = {
        params: parse(route.params as P, request.params, "path"),
        query: route.query ? parse(route.query as Q, request.query, "query") : (undefined as Infer<Q>),
        body: parse(route.body as B, request.body ?? {}, "body"),
        request,
        response,
        context: contextOf(response),
      };
      await route.handle(input);
    });
  }
}
