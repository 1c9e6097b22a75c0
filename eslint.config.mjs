// ESLint (flat config): typescript-eslint's recommended rules plus the rules that keep the
// layering of docs' naming scheme: domain/ depends on nothing outward, transport/ reaches
// storage only through the domain, no import cycles, and other packages are used only
// through their public entry (`@chatbot/<name>`, i.e. its src/index.ts).
import { existsSync, readFileSync, readdirSync } from "node:fs";
import js from "@eslint/js";
import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import { importX } from "eslint-plugin-import-x";
import globals from "globals";
import tseslint from "typescript-eslint";

const root = new URL("./", import.meta.url);

/** Servers and drivers the domain must not know about (values and types alike). */
export const infrastructurePackages = ["express", "@grpc/*", "ioredis", "redis", "pg", "@electric-sql/pglite", "amqplib", "@qdrant/*"];

/**
 * Subpaths a workspace package declares in its package.json `exports` besides "." (e.g. a
 * service's "./config", the configuration loader alone): public entries like the main one.
 */
function declaredSubpaths() {
  const subpaths = [];
  for (const group of ["packages", "services"]) {
    for (const dir of readdirSync(new URL(group, root), { withFileTypes: true })) {
      const manifestUrl = new URL(`${group}/${dir.name}/package.json`, root);
      if (!dir.isDirectory() || !existsSync(manifestUrl)) continue;
      const manifest = JSON.parse(readFileSync(manifestUrl, "utf8"));
      if (!manifest.exports || typeof manifest.exports !== "object") continue;
      for (const key of Object.keys(manifest.exports)) {
        if (key.startsWith("./") && !key.includes("*")) subpaths.push(`${manifest.name}/${key.slice(2)}`);
      }
    }
  }
  return subpaths;
}

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const publicSubpaths = declaredSubpaths().map(escapeRegex).join("|");
const PUBLIC_ENTRY = "Import another package or service only through its public entry, `@chatbot/<name>` (its src/index.ts).";

/**
 * Deep imports by package name: `@chatbot/ingest/src/config` (but a subpath the package
 * declares in `exports`, such as `@chatbot/ingest/config`, is a public entry).
 */
const deepPackageImport = {
  regex: publicSubpaths ? `^(?!(${publicSubpaths})$)@chatbot/[^/]+/.+` : "^@chatbot/[^/]+/.+",
  message: PUBLIC_ENTRY,
};

/**
 * Production code (packages/x/src, services/x/src, scripts): no relative path that climbs into
 * packages/<x>/ or services/<x>/ (`../../services/ingest/src/config`) or from one package's or
 * service's folder into a sibling's (`../../session/src/...`).
 */
const deepImportPatterns = [
  deepPackageImport,
  { regex: "^(\\.\\./)+(services|packages)/[^/]+(/|$)", message: PUBLIC_ENTRY },
  { regex: "^(\\.\\./){2,}[^./][^/]*/(src|test)(/|$)", message: PUBLIC_ENTRY },
];

/**
 * Tests and benchmarks are white-box: they may reach a service's internals and its test support
 * by path (fault injection, benchmarks of one component). Packages, and a service's main entry,
 * still go by name.
 */
const harnessImportPatterns = [
  deepPackageImport,
  { regex: "^(\\.\\./)+packages/[^/]+(/|$)", message: PUBLIC_ENTRY },
  { regex: "^(\\.\\./)+services/[^/]+(/src)?/?$", message: PUBLIC_ENTRY },
];

/** domain/: no infrastructure package, nothing from transport/, storage/ or clients/. */
const domainPatterns = [
  {
    group: infrastructurePackages,
    message: "domain/ depends on nothing outward: no servers or drivers here; declare a port (<subject>.store.ts / .client.ts).",
  },
  {
    regex: "^(\\.\\./)+(transport|storage|clients)(/|$)",
    message: "domain/ depends on nothing outward: declare a port in domain/ and implement it in storage/ or clients/.",
  },
];

/** transport/: parses, calls the domain, maps the answer; it never touches a store adapter. */
const transportPatterns = [
  {
    regex: "^(\\.\\./)+storage(/|$)",
    message: "transport/ goes through the domain, never to storage/ adapters directly.",
  },
];

const restrict = (...patterns) => ["error", { patterns: patterns.flat() }];

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/.dist-*/**",
      "**/coverage/**",
      "data/**",
      ".scratch/**",
      "bench/results/**",
      "packages/grpc/src/generated/**",
      // Browser code with a tsconfig of its own (DOM, JSX), bundled by esbuild.
      "packages/web/app/**",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ["**/*.{ts,mts,cts,js,mjs,cjs}"],
    plugins: { "import-x": importX },
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: "module",
      globals: { ...globals.node, ...globals.jest },
    },
    settings: {
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "tsconfig.json", alwaysTryTypes: true })],
      "import-x/extensions": [".ts", ".mts", ".cts", ".js", ".mjs", ".cjs"],
      // Workspace packages are ours: no-cycle follows them (other node_modules it skips).
      "import-x/internal-regex": "^@chatbot/",
    },
    rules: {
      // Cycles within a service and across packages (workspace packages resolve to their sources;
      // `import type` is erased at run time and does not count).
      "import-x/no-cycle": ["error", { ignoreExternal: true }],
      "no-restricted-imports": restrict(deepImportPatterns),
      // Unused names: `_`-prefixed ones are deliberate (placeholders, destructuring to omit a key).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", ignoreRestSiblings: true }],
      // Text sanitising matches control characters on purpose (NUL and C0 characters that
      // Postgres or the tokenizer refuse); that is all this rule finds here.
      "no-control-regex": "off",
    },
  },
  {
    files: ["services/*/src/domain/**/*.ts"],
    rules: { "no-restricted-imports": restrict(deepImportPatterns, domainPatterns) },
  },
  {
    files: ["services/*/src/transport/**/*.ts"],
    rules: { "no-restricted-imports": restrict(deepImportPatterns, transportPatterns) },
  },
  {
    files: ["test/**", "bench/**", "packages/*/test/**", "services/*/test/**"],
    rules: {
      "no-restricted-imports": restrict(harnessImportPatterns),
      // Tests read untyped JSON bodies, SSE events and private fields of the object under test.
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
