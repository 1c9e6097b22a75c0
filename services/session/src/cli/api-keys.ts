import { runApiKeysCommand } from "./api-keys.command";

// node --import tsx services/session/src/cli/api-keys.ts create --tenant acme | list | revoke <key_id>
// Compiled (npm run build; in the session image): node services/session/dist/api-keys.js ... (node dist/api-keys.js ...)
runApiKeysCommand(process.argv.slice(2), {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
