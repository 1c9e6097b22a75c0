declare module "hcl2-parser" {
  /** HashiCorp's HCL parser: [the body as JSON-like data, null] or [undefined-ish, the error]. */
  export function parseToObject(text: string): [unknown, unknown];
}
