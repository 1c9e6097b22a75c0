/** One jest run over every package and service; TypeScript is compiled by SWC (types are checked by tsc). */
const swc = [
  "@swc/jest",
  {
    jsc: { parser: { syntax: "typescript" }, target: "es2022" },
    module: { type: "commonjs" },
  },
];

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/packages", "<rootDir>/services", "<rootDir>/test"],
  testMatch: ["**/test/**/*.test.ts"],
  transform: { "^.+\\.(ts|js|mjs)$": swc },
  // ESM-only dependencies are compiled to CommonJS like our own sources; everything else in node_modules is left alone.
  // (`ai`, `@ai-sdk/*` and `@workflow/serde`: the Vercel AI SDK, which the gateway's OpenAI-compatible tests drive.)
  transformIgnorePatterns: [
    "/node_modules/(?!\\.pnpm/(?:eventsource-parser|jose|ai|@ai-sdk\\+[\\w-]+|@workflow\\+serde)@|(?:eventsource-parser|jose|ai|@ai-sdk/[\\w-]+|@workflow/serde)/)",
  ],
  // The AI SDK imports zod's English locale by its ESM file name; jest loads CommonJS, so it gets the .cjs twin.
  moduleNameMapper: { "^zod/v4/locales/en\\.js$": "zod/v4/locales/en.cjs" },
  moduleFileExtensions: ["ts", "js", "json"],
  // 30 s per test and hook on a quiet machine, stretched by the measured pace of a busy one.
  setupFilesAfterEnv: ["<rootDir>/packages/testkit/src/jest-setup.ts"],
  // Suites share real Postgres, Redis and RabbitMQ servers; isolation comes from unique names, not from fewer workers.
  maxWorkers: 2,
};
