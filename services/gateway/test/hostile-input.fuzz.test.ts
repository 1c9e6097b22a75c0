/**
 * Hostile input against every route of the public HTTP API, read from the app's own
 * /openapi.json (a new route is fuzzed without touching this file), plus routes and
 * methods that do not exist. Every answer must keep the error contract: no 5xx other
 * than a typed 502/503/504, the exact `{error: {code, message, details?}, request_id}`
 * shape (OpenAI's `{error: {message, type, param, code}}` under /v1) with an X-Request-Id header, no stack traces or paths, and the process alive.
 *
 * Run size with the defaults: 4 properties x FUZZ_RUNS (300) = 1,200 generated requests,
 * plus fixed edge cases, raw-socket framing, a concurrent burst and liveness checks:
 * about 1,300 requests in ~15 s on 2 cores (the summary line prints the exact count).
 * Reproduce or widen a run with FUZZ_SEED=<n> FUZZ_RUNS=<n>.
 *
 * The ingest service is not part of the harness (its address refuses connections), so
 * document routes that get past validation answer a typed 503 (service_unavailable).
 * The server is the gateway's own `createHttpServer` around the harness's app, so requests
 * Node's HTTP parser refuses are held to the same contract.
 */
import type { Server } from "node:http";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { createHttpServer } from "../src/transport/http/http-server";
import { connectionLimitsOf, loadGatewayConfig } from "../src/config";
import { startGatewayHarness, type GatewayHarness } from "./support/gateway-harness";
import { checkContract, describeRequest, exchangeRaw, latin1Bytes, sendRaw, type RawRequest, type RawResponse } from "./support/raw-http";
import { reportMeasurement, scaledTimeout } from "@chatbot/testkit";

const SEED = Number(process.env.FUZZ_SEED ?? 20_250_611);
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const PROPERTIES = 4;
const MAX_JSON_BODY_KB = 32;
const MAX_UPLOAD_MB = 1;

let harness: GatewayHarness;
let server: Server;
let baseUrl: string;
let operations: Operation[];
let components: Record<string, JsonSchema>;
let knownSessionId: string;
let knownMessageId: string;
const tally = { requests: 0, byStatus: new Map<number, number>(), byCode: new Map<string, number>(), byRoute: new Map<string, Map<number, number>>() };

// ---------------------------------------------------------------------------------------
// The API surface, from /openapi.json

interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  enum?: unknown[];
  example?: unknown;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

interface Operation {
  method: string;
  /** OpenAPI template, e.g. /api/sessions/{session_id}. */
  template: string;
  pathParams: string[];
  query: Array<{ name: string; schema: JsonSchema }>;
  jsonBody?: JsonSchema;
  multipartBody?: JsonSchema;
  /** Statuses documented with a body other than the error shape (health reports). */
  documentedStatuses: Set<number>;
  matches: RegExp;
}

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ in: string; name: string; schema?: JsonSchema }>;
        requestBody?: { content: Record<string, { schema: JsonSchema }> };
        responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
      }
    >
  >;
  components?: { schemas?: Record<string, JsonSchema> };
}

function readOperations(document: OpenApiDocument): Operation[] {
  const found: Operation[] = [];
  for (const [template, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = operation.parameters ?? [];
      const content = operation.requestBody?.content ?? {};
      const documentedStatuses = new Set(
        Object.entries(operation.responses ?? {})
          .filter(([status, response]) => Number(status) >= 400 && response.content?.["application/json"]?.schema?.$ref !== "#/components/schemas/ErrorResponse")
          .map(([status]) => Number(status)),
      );
      const pattern = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{\w+\}/g, "[^/]+");
      found.push({
        documentedStatuses,
        matches: new RegExp(`^${pattern}$`),
        method: method.toUpperCase(),
        template,
        pathParams: parameters.filter((parameter) => parameter.in === "path").map((parameter) => parameter.name),
        query: parameters.filter((parameter) => parameter.in === "query").map((parameter) => ({ name: parameter.name, schema: parameter.schema ?? {} })),
        ...(content["application/json"] ? { jsonBody: content["application/json"].schema } : {}),
        ...(content["multipart/form-data"] ? { multipartBody: content["multipart/form-data"].schema } : {}),
      });
    }
  }
  return found;
}

function resolve(schema: JsonSchema): JsonSchema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace("#/components/schemas/", "");
  return resolve(components[name] ?? {});
}

// ---------------------------------------------------------------------------------------
// Hostile values

const LONE_SURROGATES = ["\ud800", "\udfff", "a\ud83dz", "\udc00\ud800"];
const hostileStrings = fc.constantFrom(
  "",
  " ",
  "\u0000",
  "안녕\u0000하세요",
  "연말정산 서류는 언제까지 내야 하나요?",
  "🙂👍🏽‍🔥👨‍👩‍👧",
  "\ud800",
  "앞\udfff뒤",
  ...LONE_SURROGATES,
  "\u202e\u200b\ufeff",
  "'; DROP TABLE sessions; --",
  "{{schema}}",
  "$(rm -rf /)",
  "<script>alert(1)</script>",
  "../../../../etc/passwd",
  "__proto__",
  "constructor",
  "null",
  "true",
  "NaN",
  "-1",
  "1e309",
  "9".repeat(400),
  "\r\n\r\nHTTP/1.1 200 OK",
  "가".repeat(32_001),
  "x".repeat(70_000),
);
const anyString = fc.oneof(
  { arbitrary: hostileStrings, weight: 3 },
  { arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: fc.constantFrom("가", "나", "다", "요", ".", " ", "🙂", "\u0000", "\ud800"), maxLength: 30 }), weight: 1 },
);
const hostileNumbers = fc.oneof(
  fc.constantFrom(0, -0, -1, 1, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, -1e308, 5e-324, Number.MAX_SAFE_INTEGER),
  fc.integer(),
  fc.double(),
);
const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  anyString,
  hostileNumbers,
  fc.constantFrom(null, true, false, [], {}, [[[]]], { "": "" }, { __proto__: { polluted: true } }),
);

/** Text the API should accept: Korean, emoji, and the characters storage must cope with (NUL, lone surrogates). */
const plausibleText = fc.oneof(
  fc.constantFrom("안녕하세요", "연말정산 서류는 언제까지 내야 하나요?", "🙂 이모지도 괜찮나요? 👍🏽", "청년 일자리 지원 대상", "a\u0000b", "앞\ud800뒤", "\udfff"),
  fc.string({ unit: fc.constantFrom("가", "나", "다", "요", ".", " ", "🙂", "a", "\u0000", "\ud800"), minLength: 1, maxLength: 30 }),
);

/**
 * A value shaped like the schema: mostly valid (so requests get past validation into the
 * services), with hostile strings, boundary and out-of-range numbers and wrong types mixed in.
 */
function valueFor(input: JsonSchema, depth = 0, name = ""): fc.Arbitrary<unknown> {
  const schema = resolve(input);
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return fc.oneof(...options.map((option) => valueFor(option, depth + 1)));
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  let valid: fc.Arbitrary<unknown>;
  let invalid: fc.Arbitrary<unknown>;
  if (schema.enum) {
    valid = fc.constantFrom(...schema.enum);
    invalid = anyString;
  } else if (types.includes("string")) {
    const example = typeof schema.example === "string" ? [fc.constant(schema.example)] : [];
    const atLimit = schema.maxLength === undefined ? [] : [{ arbitrary: fc.constant("가".repeat(schema.maxLength)), weight: 1 }];
    // Ids of things that exist, so requests reach the session and stream stores.
    const ids = name.endsWith("_id") ? [{ arbitrary: fc.constant(undefined).map(() => (name === "message_id" ? knownMessageId : knownSessionId)), weight: 8 }] : [];
    valid = fc.oneof({ arbitrary: plausibleText, weight: 8 }, ...example.map((arbitrary) => ({ arbitrary, weight: 4 })), ...atLimit, ...ids);
    invalid = fc.oneof(anyString, ...(schema.maxLength === undefined ? [] : [fc.constant("가".repeat(schema.maxLength + 1))]));
  } else if (types.includes("integer") || types.includes("number")) {
    const min = schema.minimum ?? (schema.exclusiveMinimum === undefined ? -1000 : schema.exclusiveMinimum + 0.01);
    const max = schema.maximum ?? 1000;
    valid = types.includes("integer") ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true });
    invalid = fc.oneof(fc.constantFrom(min - 1, max + 1, Math.floor(min) + 0.5, String(max)), hostileNumbers);
  } else if (types.includes("boolean")) {
    valid = fc.boolean();
    invalid = fc.constantFrom("true", 0, 1, "false");
  } else if (types.includes("array")) {
    const items = schema.items ?? {};
    valid = depth > 3 ? fc.constant([]) : fc.array(valueFor(items, depth + 1), { maxLength: schema.maxItems ?? 3 });
    invalid = depth > 3 ? fc.constant([[]]) : fc.array(valueFor(items, depth + 1), { minLength: (schema.maxItems ?? 3) + 1, maxLength: (schema.maxItems ?? 3) + 2 });
  } else if (schema.properties) {
    const properties = schema.properties;
    const keys = Object.keys(properties);
    const fields = Object.fromEntries(keys.map((key) => [key, depth > 3 ? anyJson : valueFor(properties[key]!, depth + 1, key)]));
    valid = fc.oneof(fc.record(fields, { requiredKeys: (schema.required ?? []).filter((key) => keys.includes(key)) }), fc.record(fields, { requiredKeys: [] }));
    invalid = fc.tuple(fc.record(fields, { requiredKeys: [] }), fc.dictionary(anyString, anyJson, { maxKeys: 3 })).map(([known, extra]) => ({ ...extra, ...known }));
  } else {
    valid = fc.oneof(fc.dictionary(plausibleText, anyJson, { maxKeys: 5 }), anyJson);
    invalid = fc.dictionary(anyString, anyJson, { maxKeys: 5 });
  }
  return fc.oneof({ arbitrary: valid, weight: 30 }, { arbitrary: invalid, weight: 2 }, { arbitrary: anyJson, weight: 1 });
}

const DEPTH = 10_000;
const deepArrays = "[".repeat(DEPTH) + "]".repeat(DEPTH);
const deepObjects = '{"a":'.repeat(DEPTH) + "1" + "}".repeat(DEPTH);

/** JSON text as bytes, sometimes encoded in ways a careless server would choke on. */
function encodeJson(text: string): fc.Arbitrary<{ bytes: Buffer; charset?: string }> {
  return fc.oneof(
    { arbitrary: fc.constant({ bytes: Buffer.from(text, "utf8") }), weight: 8 },
    { arbitrary: fc.constant({ bytes: Buffer.from(`\ufeff${text}`, "utf8") }), weight: 1 },
    { arbitrary: fc.constant({ bytes: Buffer.from(text, "utf16le"), charset: "utf-16le" }), weight: 1 },
    { arbitrary: fc.constant({ bytes: Buffer.from(text, "latin1"), charset: "latin1" }), weight: 1 },
    { arbitrary: fc.constant({ bytes: Buffer.from(text, "utf8"), charset: "utf-32" }), weight: 1 },
    { arbitrary: fc.constant({ bytes: Buffer.from(text, "utf16le"), charset: "utf-16" }), weight: 1 },
  );
}

const INVALID_UTF8 = [
  Buffer.from([0xff]),
  Buffer.from([0xc3, 0x28]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xe0, 0x80]),
  Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]),
  Buffer.from([0xea, 0xb0]),
];

/** Bodies that are not (quite) JSON: truncated, invalid UTF-8, raw NUL, random bytes, deep nesting, oversize. */
function rawBodyFor(operation: Operation): fc.Arbitrary<Buffer> {
  const schemaText = valueFor(operation.jsonBody ?? {}).map((value) => JSON.stringify(value) ?? "null");
  return fc.oneof(
    schemaText.chain((text) => fc.nat({ max: Math.max(0, text.length - 1) }).map((cut) => Buffer.from(text.slice(0, cut), "utf8"))),
    fc
      .tuple(
        fc.constantFrom(...INVALID_UTF8),
        fc.constantFrom('{"message":"', '{"query":"', '{"metadata":{"', '{"documents":[{"content":"', '{"role":"user","content":"'),
      )
      .map(([bad, prefix]) => Buffer.concat([Buffer.from(`${prefix}안녕`), bad, Buffer.from('"}')])),
    fc.constantFrom(
      Buffer.from('{"message":"a\u0000b"}'),
      Buffer.from('{"message":"\\u0000"}'),
      Buffer.from('{"metadata":{"\\u0000":"\\ud800"}}'),
      Buffer.from('{"content":"\\udfff","role":"user"}'),
      Buffer.from("\u0000\u0000\u0000\u0000"),
      Buffer.from("{'message': 'single quotes'}"),
      Buffer.from('{"message": "안녕",}'),
      Buffer.from('{"message": "안녕"} {"message": "둘"}'),
      Buffer.from('{"__proto__": {"message": "오염"}, "constructor": {"prototype": {"x": 1}}}'),
      Buffer.from('{"message": "안녕", "message": "중복"}'),
      Buffer.from("1e999999"),
      Buffer.from("-"),
      Buffer.from("   "),
      Buffer.from(deepArrays),
      Buffer.from(deepObjects),
      Buffer.from(`{"metadata":{"a":${deepArrays}}}`),
      Buffer.from(`{"message":"안녕","filters":{"document_ids":${deepArrays}}}`),
      Buffer.from(`{"documents":[{"content":"문서","metadata":{"nested":${deepObjects}}}]}`),
    ),
    fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
    fc
      .nat({ max: 2 })
      .map((kind) =>
        kind === 0
          ? Buffer.from(JSON.stringify({ message: "가".repeat(MAX_JSON_BODY_KB * 400), metadata: { 설명: "나" } }))
          : kind === 1
            ? Buffer.from(JSON.stringify({ query: "x".repeat(MAX_JSON_BODY_KB * 1024 + 1) }))
            : Buffer.from(`[${"0,".repeat(MAX_JSON_BODY_KB * 600)}0]`),
      ),
  );
}

const JSON_TYPES = ["application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "application/vnd.api+json", "application/merge-patch+json"];
const WRONG_TYPES = [
  "text/plain",
  "text/plain; charset=utf-8",
  "application/x-www-form-urlencoded",
  "application/xml",
  "multipart/form-data",
  "multipart/form-data; boundary=",
  "multipart/form-data; boundary=----x",
  "*/*",
  "application/json, text/plain",
  "application/json;;;charset",
  'application/json; charset="',
  "application/json; charset=latin1",
  "application/json; charset=utf-16",
  "application/json; charset=ebcdic",
  "json",
  "/",
  ";",
  latin1Bytes("응용/json; charset=한국어"),
  latin1Bytes(Buffer.from([0xff, 0xfe, 0x00, 0x41].filter((byte) => byte >= 0x20))),
];
const contentTypes = fc.oneof(
  { arbitrary: fc.constantFrom(...JSON_TYPES), weight: 6 },
  { arbitrary: fc.constantFrom(...WRONG_TYPES), weight: 2 },
  { arbitrary: fc.constant(undefined), weight: 1 },
);
const accepts = fc.constantFrom(
  undefined,
  "*/*",
  "application/json",
  "text/event-stream",
  "application/xml",
  "text/html;q=0",
  "",
  "garbage;;q=x",
  latin1Bytes("한국어/🙂"),
);
const requestIds = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom("client-42", "", " ", "a".repeat(128), "a".repeat(129), "x".repeat(8_000), latin1Bytes("요청-🙂"), "id with spaces", "../../etc"),
  fc.string({ unit: "grapheme-ascii", maxLength: 200 }),
);
const lastEventIds = fc.constantFrom(undefined, "", "0", "-1", "3", "1e309", "NaN", "9".repeat(400), "0x10", latin1Bytes("일"), "1.5");
const contentEncodings = fc.constantFrom(undefined, undefined, undefined, "gzip", "deflate", "br", "identity", "compress", "gzip, gzip", "x-unknown");

/** Header values Node can put on the wire (it refuses CR, LF and other control characters). */
function headerSafe(value: string): string {
  return latin1Bytes(value).replace(/[^\t\x20-\x7e\x80-\xff]/g, "?");
}

function headers(entries: Record<string, string | undefined>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(entries)) if (value !== undefined) result[name] = headerSafe(value);
  return result;
}

// ---------------------------------------------------------------------------------------
// Paths and query strings

const encodedJunk = fc.constantFrom(
  "..",
  "../",
  "..%2F..%2Fetc%2Fpasswd",
  "%2e%2e",
  "%2e%2e%2f",
  "%",
  "%zz",
  "%ff",
  "%E0%A4%A",
  "%ED%A0%80",
  "%00",
  "%C0%AF",
  "%F0%9F%98%80",
  "a%2Fb",
  "%20",
  "%0d%0aSet-Cookie:%20x=1",
  ";jsessionid=1",
  "__proto__",
  "constructor",
  "hasOwnProperty",
  "null",
  "undefined",
  "0",
  "-1",
  "1e309",
  "x".repeat(5_000),
  encodeURIComponent("세션-아이디"),
  latin1Bytes("세션"),
  latin1Bytes("🙂"),
);
const pathSegments = fc.oneof(
  { arbitrary: encodedJunk, weight: 3 },
  { arbitrary: fc.string({ unit: "binary", maxLength: 60 }).map((text) => encodeURIComponent(text.replace(/[\ud800-\udfff]/g, "x")) || "x"), weight: 2 },
  { arbitrary: fc.uuid(), weight: 1 },
  { arbitrary: fc.uuid().map((id) => id.toUpperCase()), weight: 1 },
  { arbitrary: fc.constant(undefined).map(() => knownSessionId), weight: 2 },
  { arbitrary: fc.constant(undefined).map(() => knownMessageId), weight: 2 },
);

function encodeQueryPart(text: string, mode: number): string {
  if (mode === 0)
    return latin1Bytes(text)
      .replace(/[^\x21-\xff]/g, "+")
      .replace(/[#&=]/g, "%23");
  return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, "")).replace(/%2F/g, "/");
}

function queryFor(operation: Operation): fc.Arbitrary<string> {
  const names = [...operation.query.map((parameter) => parameter.name), "a[b]", "limit[]", "x", "__proto__", "constructor[prototype][x]", "k"];
  const values = fc.oneof(
    anyString.map((value) => value.slice(0, 2_000)),
    hostileNumbers.map(String),
    fc.constantFrom("", "NaN", "Infinity", "-0", "0x1F", "1,2", "[1]", "{}", "true", "10", "1", "200", "201", "before", knownSessionId, knownMessageId),
  );
  const pair = fc
    .tuple(fc.constantFrom(...names), values, fc.nat({ max: 3 }))
    .map(([name, value, mode]) => (mode === 3 ? encodeQueryPart(name, 1) : `${encodeQueryPart(name, mode)}=${encodeQueryPart(value, mode)}`));
  // The documented parameters with values from their own schema (mostly valid), so requests reach the handler.
  const documented = fc
    .tuple(
      ...operation.query.map((parameter) =>
        fc.option(
          valueFor(parameter.schema, 0, parameter.name).map((value) => [parameter.name, value] as const),
          { freq: 3 },
        ),
      ),
    )
    .map((entries) =>
      entries
        .filter((entry): entry is readonly [string, unknown] => entry !== null)
        .map(([name, value]) => `${name}=${encodeQueryPart(typeof value === "string" ? value : (JSON.stringify(value) ?? ""), 1)}`),
    );
  return fc.oneof(
    { arbitrary: documented.map((pairs) => (pairs.length ? `?${pairs.join("&")}` : "")), weight: 2 },
    fc.tuple(documented, fc.array(pair, { maxLength: 6 })).map(([known, pairs]) => (known.length + pairs.length ? `?${[...known, ...pairs].join("&")}` : "")),
    fc.constantFrom(
      "?",
      "?&&&",
      "?=",
      "?==",
      "?limit=1&limit=2&limit=3",
      "?after=1&after=x",
      "?limit=%",
      "?limit=%zz",
      `?${"a=1&".repeat(1_500)}`,
      "?message=%ED%A0%80",
      "?message=%00",
    ),
  );
}

function fillTemplate(template: string, segments: string[]): string {
  let index = 0;
  return template.replace(/\{\w+\}/g, () => segments[index++] ?? "x");
}

function examplePath(operation: Operation): string {
  return fillTemplate(
    operation.template,
    operation.pathParams.map(() => knownSessionId),
  );
}

// ---------------------------------------------------------------------------------------
// Multipart

function multipartFor(operation: Operation): fc.Arbitrary<{ body: Buffer; contentType: string }> {
  const fieldNames = [...Object.keys(resolve(operation.multipartBody ?? {}).properties ?? {}), "files", "other", "파일", ""];
  const part = fc.record({
    name: fc.oneof(
      fc.constantFrom(...fieldNames),
      anyString.map((name) => name.slice(0, 100)),
    ),
    filename: fc.option(
      fc.oneof(
        fc.constantFrom("규정.txt", "../../etc/passwd", "a\u0000b.pdf", "🙂.md", "x".repeat(1_000), ""),
        anyString.map((name) => name.slice(0, 100)),
      ),
    ),
    type: fc.option(fc.constantFrom("text/plain", "application/pdf", "text/html", "application/octet-stream", "image/png", "text/plain; charset=euc-kr", "garbage")),
    content: fc.oneof(
      anyString.map((text) => Buffer.from(text.slice(0, 5_000), "utf8")),
      fc.constantFrom(Buffer.from("%PDF-1.4\n%broken"), Buffer.from("{not json"), Buffer.from('{"title":"제목"}'), Buffer.concat(INVALID_UTF8)),
    ),
  });
  return fc.tuple(fc.array(part, { maxLength: 14 }), fc.nat({ max: 9 })).map(([parts, flaw]) => {
    const boundary = "----fuzz경계".replace(/[^\x20-\x7e]/g, "") + (flaw === 1 ? "" : "Xq9");
    const chunks: Buffer[] = [];
    for (const item of parts) {
      const disposition = `form-data; name="${item.name}"${item.filename === null ? "" : `; filename="${item.filename}"`}`;
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${item.type ? `Content-Type: ${item.type}\r\n` : ""}\r\n`, "utf8"));
      chunks.push(item.content, Buffer.from("\r\n"));
    }
    if (flaw !== 2) chunks.push(Buffer.from(`--${boundary}--\r\n`));
    let body = Buffer.concat(chunks);
    if (flaw === 3) body = body.subarray(0, Math.floor(body.length / 2));
    const contentType = flaw === 4 ? "multipart/form-data" : flaw === 5 ? `multipart/form-data; boundary=other` : `multipart/form-data; boundary=${boundary}`;
    return { body, contentType };
  });
}

// ---------------------------------------------------------------------------------------
// Sending and checking

async function sendChecked(raw: RawRequest): Promise<RawResponse> {
  tally.requests += 1;
  let response: RawResponse;
  try {
    response = await sendRaw(baseUrl, raw);
  } catch (error) {
    throw new Error(`no answer (${(error as Error).message})\n  request: ${describeRequest(raw)}`);
  }
  tally.byStatus.set(response.status, (tally.byStatus.get(response.status) ?? 0) + 1);
  const path = raw.path.split("?")[0]!;
  const method = raw.method === "HEAD" ? "GET" : raw.method;
  const operation = operations.find((candidate) => candidate.method === method && candidate.matches.test(path));
  const checked = checkContract(raw, response, operation ? { documentedStatuses: operation.documentedStatuses } : {});
  const route = operation ? `${operation.method} ${operation.template}` : "unmatched";
  const statuses = tally.byRoute.get(route) ?? new Map<number, number>();
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  tally.byRoute.set(route, statuses);
  if (checked.code) tally.byCode.set(checked.code, (tally.byCode.get(checked.code) ?? 0) + 1);
  return response;
}

async function expectAlive(): Promise<void> {
  const response = await sendChecked({ method: "GET", path: "/livez" });
  expect(response.status).toBe(200);
}

function runProperty<T>(arbitrary: fc.Arbitrary<T>, toRequest: (value: T) => RawRequest): Promise<void> {
  return fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      await sendChecked(toRequest(value));
    }),
    { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: 100_000 },
  );
}

const operationArbitrary = () => fc.constantFrom(...operations);

beforeAll(async () => {
  harness = await startGatewayHarness({
    MAX_JSON_BODY_KB: String(MAX_JSON_BODY_KB),
    MAX_UPLOAD_MB: String(MAX_UPLOAD_MB),
    // Nothing listens here: document routes answer 503 without touching anyone else's ingest.
    INGEST_ADDR: "127.0.0.1:1",
  });
  // The gateway's own server (JSON answers even for requests Node's HTTP parser refuses) around the harness's app.
  server = createHttpServer(harness.app, connectionLimitsOf(loadGatewayConfig({})));
  baseUrl = await new Promise<string>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(`http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`);
    });
  });
  const openapi = await sendRaw(baseUrl, { method: "GET", path: "/openapi.json" });
  const document = JSON.parse(openapi.body.toString("utf8")) as OpenApiDocument;
  components = document.components?.schemas ?? {};
  operations = readOperations(document);
  const created = await sendRaw(baseUrl, {
    method: "POST",
    path: "/api/sessions",
    headers: { "content-type": "application/json" },
    body: Buffer.from(JSON.stringify({ metadata: { 이름: "퍼즈" } })),
  });
  knownSessionId = (JSON.parse(created.body.toString("utf8")) as { session_id: string }).session_id;
  // A finished chat whose stream can be resumed (hostile Last-Event-ID and ?after= reach the replay).
  const chatted = await sendRaw(baseUrl, {
    method: "POST",
    path: "/api/chat",
    headers: { "content-type": "application/json" },
    body: Buffer.from(JSON.stringify({ session_id: knownSessionId, message: "안녕하세요 🙂" })),
  });
  knownMessageId = (JSON.parse(chatted.body.toString("utf8")) as { message_id: string }).message_id;
}, scaledTimeout(60_000));

afterAll(async () => {
  reportMeasurement("hostile-input fuzz", {
    requests: tally.requests,
    seed: SEED,
    runs: RUNS,
    properties: PROPERTIES,
    statuses: Object.fromEntries([...tally.byStatus].sort(([a], [b]) => a - b)),
    codes: Object.fromEntries([...tally.byCode].sort(([, a], [, b]) => b - a)),
    routes: Object.fromEntries([...tally.byRoute].map(([route, statuses]) => [route, Object.fromEntries(statuses)])),
  });
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  await harness?.close();
});

describe(`hostile input against every route (${PROPERTIES} x ${RUNS} generated requests + fixed cases, seed ${SEED})`, () => {
  it("covers the routes the app documents", () => {
    expect(operations.length).toBeGreaterThanOrEqual(20);
    expect(operations.some((operation) => operation.jsonBody)).toBe(true);
    expect(operations.some((operation) => operation.multipartBody)).toBe(true);
  });

  it(
    "keeps the error contract for random and wrong-typed JSON bodies",
    async () => {
      const withBody = operations.filter((operation) => operation.jsonBody);
      const arbitrary = fc.constantFrom(...withBody).chain((operation) =>
        fc
          .record({
            operation: fc.constant(operation),
            text: fc.oneof({ arbitrary: valueFor(operation.jsonBody!), weight: 5 }, { arbitrary: anyJson, weight: 1 }).map((value) => JSON.stringify(value) ?? "null"),
            contentType: contentTypes,
            accept: accepts,
            chunked: fc.boolean(),
          })
          .chain((request) => encodeJson(request.text).map((encoded) => ({ ...request, ...encoded }))),
      );
      await runProperty(arbitrary, (request) => ({
        method: request.operation.method,
        path: examplePath(request.operation),
        headers: headers({
          "content-type":
            request.contentType && request.charset && JSON_TYPES.includes(request.contentType) ? `application/json; charset=${request.charset}` : request.contentType,
          accept: request.accept,
        }),
        body: request.bytes,
        chunked: request.chunked,
      }));
      await expectAlive();
    },
    scaledTimeout(120_000),
  );

  it(
    "keeps the error contract for bodies that are not JSON: truncated, invalid UTF-8, NUL, deeply nested, oversize, multipart",
    async () => {
      const arbitrary = operationArbitrary().chain((operation) =>
        fc.oneof(
          fc.record({
            operation: fc.constant(operation),
            body: rawBodyFor(operation),
            contentType: contentTypes,
            encoding: contentEncodings,
            chunked: fc.boolean(),
          }),
          multipartFor(operation).map(({ body, contentType }) => ({ operation, body, contentType, encoding: undefined, chunked: false })),
        ),
      );
      await runProperty(arbitrary, (request) => ({
        method: request.operation.method,
        path: examplePath(request.operation),
        headers: headers({ "content-type": request.contentType, "content-encoding": request.encoding }),
        body: request.body,
        chunked: request.chunked,
      }));
      await expectAlive();
    },
    scaledTimeout(120_000),
  );

  it(
    "keeps the error contract for hostile ids, query strings and headers",
    async () => {
      const arbitrary = operationArbitrary().chain((operation) =>
        fc.record({
          operation: fc.constant(operation),
          segments: fc.array(pathSegments, { minLength: operation.pathParams.length, maxLength: operation.pathParams.length }),
          query: queryFor(operation),
          body: operation.jsonBody ? valueFor(operation.jsonBody).map((value) => JSON.stringify(value) ?? "null") : fc.constant(undefined),
          accept: accepts,
          requestId: requestIds,
          lastEventId: lastEventIds,
          contentType: fc.oneof({ arbitrary: fc.constant("application/json"), weight: 5 }, { arbitrary: contentTypes, weight: 1 }),
        }),
      );
      await runProperty(arbitrary, (request) => ({
        method: request.operation.method,
        path: fillTemplate(request.operation.template, request.segments) + request.query,
        headers: headers({
          accept: request.accept,
          "x-request-id": request.requestId,
          "last-event-id": request.lastEventId,
          ...(request.body === undefined ? {} : { "content-type": request.contentType }),
        }),
        ...(request.body === undefined ? {} : { body: Buffer.from(request.body, "utf8") }),
      }));
      await expectAlive();
    },
    scaledTimeout(120_000),
  );

  it(
    "keeps the error contract for unknown routes and methods",
    async () => {
      const known = () => fc.constantFrom(...operations).map((operation) => examplePath(operation));
      const arbitrary = fc.record({
        method: fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"),
        path: fc.oneof(
          known(),
          fc.tuple(known(), pathSegments).map(([path, extra]) => `${path}/${extra}`),
          fc.array(pathSegments, { minLength: 1, maxLength: 4 }).map((segments) => `/api/${segments.join("/")}`),
          fc.array(pathSegments, { minLength: 1, maxLength: 3 }).map((segments) => `/${segments.join("/")}`),
          fc.constantFrom(
            "/",
            "//api//sessions",
            "/API/SESSIONS",
            "/api/sessions/",
            "/api/./sessions",
            "/docs/assets/../../package.json",
            "/docs/assets/%2e%2e/%2e%2e/package.json",
            "/docs/assets/%00",
            "/docs/assets/%zz",
            "/redoc/..%2F..%2Fpackage.json",
            "/redoc/%",
            "/openapi.json/extra",
            "/openapi.json?x[y]=1",
            "/metrics?name[]=x",
            "/api/health?%",
            "*",
            "/%",
            `/${"a/".repeat(2_000)}`,
            latin1Bytes("/api/세션"),
          ),
        ),
        body: fc.option(anyJson.map((value) => Buffer.from(JSON.stringify(value) ?? "null", "utf8"))),
        contentType: contentTypes,
      });
      await runProperty(arbitrary, (request) => ({
        method: request.method,
        path: request.path,
        headers: headers(request.body ? { "content-type": request.contentType } : {}),
        ...(request.body ? { body: request.body } : {}),
      }));
      await expectAlive();
    },
    scaledTimeout(120_000),
  );

  it(
    "keeps the error contract at the edges: empty bodies, limits, 10,000-level nesting",
    async () => {
      const jsonOperations = operations.filter((operation) => operation.jsonBody);
      const cases: RawRequest[] = [];
      for (const operation of jsonOperations) {
        const path = examplePath(operation);
        const json = { "content-type": "application/json" };
        cases.push(
          { method: operation.method, path, headers: json, body: Buffer.alloc(0) },
          { method: operation.method, path, headers: json, body: Buffer.alloc(0), chunked: true },
          { method: operation.method, path, headers: json, body: Buffer.from(deepArrays) },
          { method: operation.method, path, headers: json, body: Buffer.from(deepObjects) },
          { method: operation.method, path, headers: json, body: Buffer.from(JSON.stringify({ 내용: "가".repeat(MAX_JSON_BODY_KB * 1024) })) },
          { method: operation.method, path, headers: { "content-type": "application/json; charset=utf-16" }, body: Buffer.from('{"message":"안녕"}', "utf16le") },
        );
      }
      for (const operation of operations.filter((candidate) => candidate.multipartBody)) {
        const boundary = "fuzzboundary";
        const big = Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="큰파일.txt"\r\nContent-Type: text/plain\r\n\r\n`),
          Buffer.alloc(MAX_UPLOAD_MB * 1024 * 1024 + 1, "가"),
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]);
        cases.push({ method: operation.method, path: examplePath(operation), headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, body: big });
      }
      cases.push({ method: "GET", path: "/livez", headers: { "x-request-id": "r".repeat(12_000) } });

      for (const raw of cases) {
        const response = await sendChecked(raw);
        // Document uploads take JSON up to the upload limit; every other body stops at the JSON limit.
        const limit = raw.path === "/api/documents" ? MAX_UPLOAD_MB * 1024 * 1024 : MAX_JSON_BODY_KB * 1024;
        if ((raw.body?.length ?? 0) > limit) expect(response.status).toBe(413);
      }
      await expectAlive();
    },
    scaledTimeout(60_000),
  );

  it(
    "keeps the error contract for framing Node's HTTP parser refuses, and for clients that give up mid-body",
    async () => {
      const head = (lines: string[]) => Buffer.from(`${lines.join("\r\n")}\r\n\r\n`, "latin1");
      // `expect`: the statuses in order; a parse error after a response already on its way closes the connection silently, as Node does.
      const cases: Array<{ name: string; bytes: Buffer; halfClose?: boolean; expect?: number[] }> = [
        {
          name: "Content-Length and chunked together",
          bytes: head([
            "POST /api/sessions HTTP/1.1",
            "Host: x",
            "Content-Type: application/json",
            "Content-Length: 2",
            "Transfer-Encoding: chunked",
            "Connection: close",
          ]),
          expect: [400],
        },
        {
          name: "a bad chunk size",
          bytes: Buffer.concat([
            head(["POST /api/sessions HTTP/1.1", "Host: x", "Content-Type: application/json", "Transfer-Encoding: chunked", "Connection: close"]),
            Buffer.from("zz\r\n{}\r\n0\r\n\r\n"),
          ]),
          expect: [400],
        },
        { name: "no Host header", bytes: head(["GET /livez HTTP/1.1", "Connection: close"]), expect: [200] },
        { name: "a lowercase method", bytes: head(["get /livez HTTP/1.1", "Host: x", "Connection: close"]), expect: [400] },
        { name: "an unknown HTTP version", bytes: head(["GET /livez HTTP/7.1", "Host: x", "Connection: close"]), expect: [400] },
        { name: "a space in a header name", bytes: head(["GET /livez HTTP/1.1", "Host: x", "Bad Header: 1", "Connection: close"]), expect: [400] },
        { name: "a NUL byte in a header value", bytes: head(["GET /livez HTTP/1.1", "Host: x", "X-Request-Id: a\u0000b", "Connection: close"]), expect: [400] },
        { name: "raw UTF-8 in the path", bytes: head([latin1Bytes("GET /api/sessions/세션 HTTP/1.1"), "Host: x", "Connection: close"]), expect: [400] },
        { name: "headers over Node's limit", bytes: head(["GET /livez HTTP/1.1", "Host: x", `X-Request-Id: ${"r".repeat(20_000)}`, "Connection: close"]), expect: [431] },
        { name: "an absolute-form target", bytes: head(["GET http://evil.example/livez HTTP/1.1", "Host: x", "Connection: close"]), expect: [200] },
        {
          name: "a valid request, then garbage on the same connection",
          bytes: Buffer.concat([head(["GET /livez HTTP/1.1", "Host: x"]), Buffer.from("\u0001\u0002 garbage\r\n\r\n")]),
          expect: [200],
        },
        {
          name: "a body shorter than its Content-Length, then the client hangs up",
          bytes: Buffer.concat([head(["POST /api/sessions HTTP/1.1", "Host: x", "Content-Type: application/json", "Content-Length: 1000"]), Buffer.from('{"metadata":')]),
          halfClose: true,
        },
        {
          name: "a multipart upload cut off mid-file",
          bytes: Buffer.concat([
            head(["POST /api/documents HTTP/1.1", "Host: x", "Content-Type: multipart/form-data; boundary=b", "Content-Length: 100000"]),
            Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n안녕'),
          ]),
          halfClose: true,
        },
      ];
      for (const item of cases) {
        tally.requests += 1;
        const responses = await exchangeRaw(baseUrl, item.bytes, item.halfClose ? { halfClose: true } : {});
        const raw: RawRequest = { method: "RAW", path: item.name };
        for (const response of responses) checkContract(raw, response);
        if (item.expect) expect({ name: item.name, statuses: responses.map((response) => response.status) }).toEqual({ name: item.name, statuses: item.expect });
      }
      await expectAlive();
    },
    scaledTimeout(60_000),
  );

  it(
    "keeps the error contract for compressed bodies, including one that inflates past the limit",
    async () => {
      const json = { "content-type": "application/json" };
      const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, " "));
      const cases: Array<{ raw: RawRequest; status: number }> = [
        {
          raw: {
            method: "POST",
            path: "/api/sessions",
            headers: { ...json, "content-encoding": "gzip" },
            body: gzipSync(JSON.stringify({ metadata: { 이름: "압축 🙂" } })),
          },
          status: 201,
        },
        { raw: { method: "POST", path: "/api/sessions", headers: { ...json, "content-encoding": "gzip" }, body: bomb }, status: 413 },
        { raw: { method: "POST", path: "/api/sessions", headers: { ...json, "content-encoding": "gzip" }, body: gzipSync("{}").subarray(0, 12) }, status: 400 },
      ];
      for (const { raw, status } of cases) {
        const response = await sendChecked(raw);
        expect(response.status).toBe(status);
      }
      await expectAlive();
    },
    scaledTimeout(60_000),
  );

  it(
    "keeps the error contract when hostile requests arrive at once (concurrent chats on one session)",
    async () => {
      // The fuzz may have deleted the shared session: this one is fresh.
      const created = await sendChecked({ method: "POST", path: "/api/sessions", headers: { "content-type": "application/json" }, body: Buffer.from("{}") });
      const sessionId = (JSON.parse(created.body.toString("utf8")) as { session_id: string }).session_id;
      const body = (message: string) => Buffer.from(JSON.stringify({ session_id: sessionId, message }));
      const raws: RawRequest[] = Array.from({ length: 24 }, (_, index) =>
        index % 3 === 2
          ? { method: "POST", path: `/api/chat/streams/${knownMessageId}/stop` }
          : {
              method: "POST",
              path: index % 3 === 0 ? "/api/chat" : "/api/chat/stream",
              headers: { "content-type": "application/json" },
              body: body(`동시 요청 ${index} 🙂`),
            },
      );
      const responses = await Promise.all(raws.map((raw) => sendChecked(raw)));
      const outcomes = responses.map((response, index) => `${raws[index]!.path.endsWith("/stop") ? "stop" : "chat"} ${response.status}`);
      // One chat generates, the others meet the one-generation rule; stopping a finished stream is 202 or 404.
      for (const outcome of outcomes) expect(["chat 200", "chat 409", "stop 202", "stop 404"]).toContain(outcome);
      expect(outcomes).toContain("chat 200");
      await expectAlive();
    },
    scaledTimeout(60_000),
  );
});
