import { createLogger, MAX_LOGGED_STRING_LENGTH } from "../src";

function capture() {
  const lines: string[] = [];
  const logger = createLogger({ service: "test", level: "debug", destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines };
}

const TEN_MB = 10 * 1024 * 1024;
/** A log line's bound whatever it was given: the cut strings and the markers, well under what a collector accepts. */
const LINE_BOUND = 16 * 1024;

describe("log lines", () => {
  it("cut a long string field to its start and end around a marker", () => {
    const { logger, lines } = capture();
    const body = "가".repeat(1_000) + "나".repeat(TEN_MB) + "다".repeat(1_000);
    logger.info({ body, kept: "짧은 값" }, "stored");
    expect(lines[0]!.length).toBeLessThan(LINE_BOUND);
    const line = JSON.parse(lines[0]!);
    expect(line.body.length).toBeLessThan(MAX_LOGGED_STRING_LENGTH + 100);
    expect(line.body).toMatch(/^가+나*…\[\d+ characters cut\]…나*다+$/);
    expect(line).toMatchObject({ kept: "짧은 값", msg: "stored" });
  });

  it("describe bytes by their size and redact the values a statement was sent with", () => {
    const { logger, lines } = capture();
    const upload = Buffer.alloc(TEN_MB, 0x41);
    logger.warn({ upload, query: { text: "INSERT INTO uploads VALUES ($1)", params: [upload], values: [upload] } }, "insert failed");
    expect(lines[0]!.length).toBeLessThan(LINE_BOUND);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      upload: `[Buffer of ${TEN_MB} bytes]`,
      query: { text: "INSERT INTO uploads VALUES ($1)", params: "[redacted: 1 value]", values: "[redacted: 1 value]" },
    });
  });

  it("keep an error's type, code and message, without its parameters, however it is passed", () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error(`duplicate key value violates unique constraint "uploads_pkey"`), {
      code: "23505",
      params: [Buffer.alloc(TEN_MB)],
      command: { name: "set", args: ["key", "업로드".repeat(Math.floor(TEN_MB / 3))] },
    });
    logger.error({ err: error }, "insert failed");
    logger.error(error);
    logger.error({ err: new Error("could not store the upload", { cause: error }) }, "upload failed");
    for (const written of lines) {
      expect(written.length).toBeLessThan(LINE_BOUND);
      // No trace of the command's 10 MB argument.
      expect(written).not.toContain("업로드업로드");
    }
    expect(JSON.parse(lines[0]!).err).toMatchObject({
      type: "Error",
      message: `duplicate key value violates unique constraint "uploads_pkey"`,
      code: "23505",
      params: "[redacted: 1 value]",
      command: { name: "set", args: "[redacted: 2 values]" },
      stack: expect.stringContaining("log-value-cap.test.ts"),
    });
    expect(JSON.parse(lines[1]!)).toMatchObject({ err: { code: "23505" }, msg: `duplicate key value violates unique constraint "uploads_pkey"` });
    expect(JSON.parse(lines[2]!).err.message).toBe(`could not store the upload: duplicate key value violates unique constraint "uploads_pkey"`);
  });

  it("cut an error message that quotes a huge value, keeping the frames of its stack", () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error(`invalid input syntax for type integer: "${"9".repeat(TEN_MB)}"`), { code: "22P02" });
    logger.error({ err: error }, "query failed");
    expect(lines[0]!.length).toBeLessThan(LINE_BOUND);
    const { err } = JSON.parse(lines[0]!);
    expect(err.message).toMatch(/^invalid input syntax for type integer: "9+…\[\d+ characters cut\]…9+"$/);
    expect(err.stack).toContain("log-value-cap.test.ts");
    expect(err.code).toBe("22P02");
  });

  it("bound a line however many fields, items and levels it is given, and the message too", () => {
    const { logger, lines } = capture();
    const wide = Object.fromEntries(Array.from({ length: 10_000 }, (_, index) => [`field${index}`, "값".repeat(1_000)]));
    const long = Array.from({ length: 100_000 }, (_, index) => index);
    const cyclic: Record<string, unknown> = { name: "순환" };
    cyclic.self = cyclic;
    logger.info({ wide, long, cyclic }, "many %s", "말".repeat(TEN_MB));
    logger.info("말".repeat(TEN_MB));
    for (const written of lines) expect(written.length).toBeLessThan(LINE_BOUND);
    const line = JSON.parse(lines[0]!);
    expect(line.wide["[omitted]"]).toMatch(/^\d+ more fields$/);
    expect(JSON.parse(lines[1]!).msg).toMatch(/^말+…\[\d+ characters cut\]…말+$/);
  });

  it("leaves ordinary lines as they were", () => {
    const { logger, lines } = capture();
    logger.child({ request_id: "req-1" }).info({ session_id: "s-1", count: 3, ok: true, at: new Date(0), tags: ["a", "b"] }, "turn %d stored", 2);
    expect(JSON.parse(lines[0]!)).toMatchObject({
      level: "info",
      service: "test",
      request_id: "req-1",
      session_id: "s-1",
      count: 3,
      ok: true,
      at: "1970-01-01T00:00:00.000Z",
      tags: ["a", "b"],
      msg: "turn 2 stored",
    });
  });
});
