import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse, parseAllDocuments } from "yaml";

export const root = join(__dirname, "../../..");

/** Every folder of services/ that is a package: the five services the deployment files must cover. */
export const serviceNames = readdirSync(join(root, "services"))
  .filter((name) => existsSync(join(root, "services", name, "package.json")))
  .sort();

export function readText(relativePath: string): string {
  return readFileSync(join(root, relativePath), "utf8");
}

/** One YAML document; `<<` merge keys resolved as Docker Compose resolves them. */
export function readYaml<T>(relativePath: string): T {
  return parse(readText(relativePath), { merge: true }) as T;
}

/** Every document of a multi-document YAML file; a syntax error in any of them throws. */
export function readYamlDocuments<T>(relativePath: string): T[] {
  return parseAllDocuments(readText(relativePath)).map((document) => {
    if (document.errors.length > 0) throw new Error(`${relativePath}: ${document.errors[0]!.message}`);
    return document.toJS() as T;
  });
}

export interface ComposeService {
  image?: string;
  pull_policy?: string;
  build?: { context: string; dockerfile: string; target?: string; args?: Record<string, string> };
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: string[] | string };
  volumes?: string[];
  ports?: string[];
  command?: string[];
}

export function readCompose(): { services: Record<string, ComposeService> } {
  return readYaml("docker-compose.yml");
}
