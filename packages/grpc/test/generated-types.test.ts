import { execFileSync } from "node:child_process";
import { join } from "node:path";

describe("generated proto types", () => {
  it("match the .proto files (run `npm run proto:gen` after editing a proto)", () => {
    const root = join(__dirname, "../../..");
    const output = execFileSync(process.execPath, [join(root, "scripts/generate-proto-types.mjs"), "--check"], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    expect(output).toContain("up to date");
  });
});
