import { Redis } from "ioredis";
import { capturingLogger, testStores, uniqueName } from "@chatbot/testkit";
import { connectBoundedRedis } from "../src";

describe("a failed Redis command in the log", () => {
  it("names the command and the error, without its 10 MB argument, in a few kilobytes", async () => {
    const { logger, lines } = capturingLogger();
    const { redis: bounded, fallbacks } = connectBoundedRedis(testStores.redisUrl, { service: "test", purpose: "test", logger });
    // Without the bounded connection's 500 ms command timeout, which 10 MB may outlast on a busy machine.
    const redis = new Redis(testStores.redisUrl);
    try {
      const key = uniqueName("log");
      await redis.set(key, "a string, not a list", "EX", 60);
      // ioredis keeps a failed command's arguments on its error (command.args).
      const failure = await redis.lpush(key, "업로드 본문".repeat((10 * 1024 * 1024) / 16)).catch((error: unknown) => error);
      expect(failure).toMatchObject({ message: expect.stringContaining("WRONGTYPE"), command: { name: "lpush" } });

      fallbacks.used("cache", failure);
      expect(lines).toHaveLength(1);
      expect(lines[0]!.length).toBeLessThan(16 * 1024);
      expect(lines[0]).not.toContain("업로드 본문업로드 본문");
      expect(JSON.parse(lines[0]!)).toMatchObject({
        feature: "cache",
        err: { message: expect.stringContaining("WRONGTYPE"), command: { name: "lpush", args: "[redacted: 2 values]" } },
      });
    } finally {
      redis.disconnect();
      bounded.disconnect();
    }
  });
});
