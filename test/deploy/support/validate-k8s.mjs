// Validates Kubernetes objects against the OpenAPI schemas of the Kubernetes API, as compiled into
// the `kubernetes-models` package. That package is ESM only, so the tests (CommonJS under jest)
// run this file with node: a JSON array of objects on stdin, a JSON array of problems on stdout.
import { readFileSync } from "node:fs";

const objects = JSON.parse(readFileSync(0, "utf8"));
const problems = [];
for (const object of objects) {
  const id = `${object.kind}/${object.metadata?.name}`;
  const [group, version] = String(object.apiVersion).includes("/") ? object.apiVersion.split("/") : [null, object.apiVersion];
  const modulePath = group ? `kubernetes-models/${group}/${version}/${object.kind}` : `kubernetes-models/${version}/${object.kind}`;
  let model;
  try {
    model = (await import(modulePath))[object.kind];
  } catch {
    problems.push(`${id}: no schema for ${object.apiVersion} ${object.kind}`);
    continue;
  }
  try {
    new model(object).validate();
  } catch (error) {
    problems.push(`${id}: ${error.message}`);
  }
}
process.stdout.write(JSON.stringify(problems));
