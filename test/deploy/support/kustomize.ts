import { existsSync, statSync } from "node:fs";
import { join, posix } from "node:path";
import { parse, parseAllDocuments } from "yaml";
import { readText, root } from "./deploy-files";

/**
 * `kustomize build` for the subset of Kustomize that deploy/k8s uses: resources (files and
 * kustomization directories), namespace, images, replicas, and patches (strategic merge or
 * JSON 6902, from a file or inline, with or without a target). Any other field of a
 * kustomization throws, so a manifest never quietly relies on something this does not render.
 */

export interface Resource {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [field: string]: unknown;
}

interface Target {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
}

interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  images?: { name: string; newName?: string; newTag?: string; digest?: string }[];
  replicas?: { name: string; count: number }[];
  patches?: { path?: string; patch?: string; target?: Target }[];
}

const SUPPORTED = new Set(["apiVersion", "kind", "namespace", "resources", "images", "replicas", "patches"]);
const CLUSTER_SCOPED = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass"]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);
const clone = <T>(value: T): T => structuredClone(value);

function parseDocuments(text: string, origin: string): JsonObject[] {
  return parseAllDocuments(text)
    .map((document) => {
      if (document.errors.length > 0) throw new Error(`${origin}: ${document.errors[0]!.message}`);
      return document.toJS() as JsonObject | null;
    })
    .filter((document): document is JsonObject => document !== null);
}

/** Renders the kustomization in `directory` (relative to the repository root), like `kustomize build`. */
export function kustomize(directory: string): Resource[] {
  const file = join(directory, "kustomization.yaml");
  const kustomization = parse(readText(file)) as Kustomization;
  const unsupported = Object.keys(kustomization).filter((key) => !SUPPORTED.has(key));
  if (unsupported.length > 0) throw new Error(`${file}: the test renderer does not support ${unsupported.join(", ")}`);

  let resources: Resource[] = [];
  for (const entry of kustomization.resources ?? []) {
    const path = posix.normalize(posix.join(directory, entry));
    if (!existsSync(join(root, path))) throw new Error(`${file}: resource ${entry} does not exist`);
    const loaded = statSync(join(root, path)).isDirectory() ? kustomize(path) : (parseDocuments(readText(path), path) as unknown as Resource[]);
    for (const resource of loaded) {
      if (resources.some((other) => idOf(other) === idOf(resource))) throw new Error(`${file}: ${idOf(resource)} is defined twice`);
      resources.push(resource);
    }
  }

  for (const entry of kustomization.patches ?? []) {
    const text = entry.path !== undefined ? readText(posix.join(directory, entry.path)) : entry.patch;
    if (text === undefined) throw new Error(`${file}: a patch needs path or patch`);
    const documents = parseAllDocuments(text).map((document) => document.toJS() as Json);
    if (documents.length === 1 && Array.isArray(documents[0])) {
      const operations = documents[0] as JsonObject[];
      if (!entry.target) throw new Error(`${file}: a JSON 6902 patch needs a target`);
      const targets = resources.filter((resource) => matches(resource, entry.target!));
      if (targets.length === 0) throw new Error(`${file}: no resource matches the target ${JSON.stringify(entry.target)}`);
      resources = resources.map((resource) => (targets.includes(resource) ? applyJson6902(resource, operations, file) : resource));
    } else {
      for (const patch of documents as JsonObject[]) {
        const metadata = patch.metadata as JsonObject | undefined;
        // Untargeted, a patch names its object by kind, name and namespace (none meaning "default"),
        // so a patch without the namespace the base sets matches nothing.
        const target: Target = entry.target ?? {
          kind: patch.kind as string,
          name: metadata?.name as string,
          namespace: (metadata?.namespace as string | undefined) ?? "default",
        };
        const targets = resources.filter((resource) => matches(resource, target));
        if (targets.length === 0) throw new Error(`${file}: no resource matches the patch of ${target.kind}/${target.name}`);
        resources = resources.map((resource) => {
          if (!targets.includes(resource)) return resource;
          // With a target, the patch's own name and kind do not matter (Kustomize overwrites them).
          const body = entry.target ? { ...patch, kind: resource.kind, metadata: { ...(metadata ?? {}), name: resource.metadata.name } } : patch;
          return strategicMerge(resource as unknown as JsonObject, body) as unknown as Resource;
        });
      }
    }
  }

  if (kustomization.namespace) {
    for (const resource of resources) {
      if (CLUSTER_SCOPED.has(resource.kind)) continue;
      resource.metadata.namespace = kustomization.namespace;
    }
  }

  for (const { name, count } of kustomization.replicas ?? []) {
    const targets = resources.filter((resource) => ["Deployment", "StatefulSet", "ReplicaSet"].includes(resource.kind) && resource.metadata.name === name);
    if (targets.length === 0) throw new Error(`${file}: replicas names ${name}, which is no Deployment`);
    for (const resource of targets) (resource.spec as JsonObject).replicas = count;
  }

  for (const image of kustomization.images ?? []) {
    for (const container of containersOf(resources)) {
      const reference = container.image as string;
      if (imageName(reference) !== image.name) continue;
      const name = image.newName ?? image.name;
      const tag = image.digest ? `@${image.digest}` : image.newTag ? `:${image.newTag}` : reference.slice(imageName(reference).length);
      container.image = name + tag;
    }
  }
  return resources;
}

const idOf = (resource: Resource) => `${resource.kind}/${resource.metadata.namespace ?? ""}/${resource.metadata.name}`;

/** The image without its tag or digest (a registry's port is not a tag). */
function imageName(reference: string): string {
  const withoutDigest = reference.split("@")[0]!;
  const lastColon = withoutDigest.lastIndexOf(":");
  return lastColon > withoutDigest.lastIndexOf("/") ? withoutDigest.slice(0, lastColon) : withoutDigest;
}

/** Every container and init container of the pod templates among `resources`. */
export function containersOf(resources: Resource[]): JsonObject[] {
  return resources.flatMap((resource) => {
    const pod = ((resource.spec as JsonObject | undefined)?.template as JsonObject | undefined)?.spec as JsonObject | undefined;
    return [...((pod?.initContainers as JsonObject[] | undefined) ?? []), ...((pod?.containers as JsonObject[] | undefined) ?? [])];
  });
}

/** Kustomize's selector: regular expressions anchored at both ends for kind and name; equality labels. */
function matches(resource: Resource, target: Target): boolean {
  const [group, version] = resource.apiVersion.includes("/") ? resource.apiVersion.split("/") : ["", resource.apiVersion];
  const anchored = (pattern: string | undefined, value: string) => pattern === undefined || new RegExp(`^(?:${pattern})$`).test(value);
  if (!anchored(target.kind, resource.kind) || !anchored(target.name, resource.metadata.name)) return false;
  if (target.group !== undefined && target.group !== group) return false;
  if (target.version !== undefined && target.version !== version) return false;
  if (target.namespace !== undefined && target.namespace !== (resource.metadata.namespace ?? "default")) return false;
  if (target.labelSelector) {
    for (const requirement of target.labelSelector.split(",")) {
      const [key, value] = requirement.split("=").map((part) => part.trim());
      if (value === undefined) throw new Error(`the test renderer supports only key=value label selectors, not ${requirement}`);
      if (resource.metadata.labels?.[key!] !== value) return false;
    }
  }
  return true;
}

/**
 * A strategic merge patch: maps merge key by key, `null` deletes a key, and lists of objects that
 * all carry a `name` (containers, env, volumes, volumeMounts, ports) merge item by item on it;
 * any other list is replaced, which is what Kubernetes does for lists without a merge key.
 */
export function strategicMerge(target: Json, patch: Json): Json {
  if (isObject(target) && isObject(patch)) {
    const merged: JsonObject = { ...target };
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete merged[key];
      else merged[key] = key in merged ? strategicMerge(merged[key]!, value) : clone(value);
    }
    return merged;
  }
  if (Array.isArray(target) && Array.isArray(patch) && [...target, ...patch].every((item) => isObject(item) && typeof item.name === "string")) {
    const merged = target.map((item) => clone(item)) as JsonObject[];
    for (const item of patch as JsonObject[]) {
      const index = merged.findIndex((existing) => existing.name === item.name);
      if (index === -1) merged.push(clone(item));
      else merged[index] = strategicMerge(merged[index]!, item) as JsonObject;
    }
    return merged;
  }
  return clone(patch);
}

/** RFC 6902 add, replace and remove; a path that does not lead anywhere throws, as in Kustomize. */
function applyJson6902(resource: Resource, operations: JsonObject[], origin: string): Resource {
  const document = clone(resource) as unknown as JsonObject;
  for (const operation of operations) {
    const path = operation.path as string;
    const tokens = path
      .split("/")
      .slice(1)
      .map((token) => token.replace(/~1/g, "/").replace(/~0/g, "~"));
    const last = tokens.pop()!;
    let parent: Json = document;
    for (const token of tokens) {
      parent = Array.isArray(parent) ? parent[Number(token)]! : isObject(parent) ? parent[token]! : undefined!;
      if (parent === undefined) throw new Error(`${origin}: ${operation.op} ${path}: no such path in ${idOf(resource)}`);
    }
    const exists = Array.isArray(parent) ? Number(last) < parent.length : isObject(parent) && last in parent;
    switch (operation.op) {
      case "add":
        if (Array.isArray(parent)) parent.splice(last === "-" ? parent.length : Number(last), 0, clone(operation.value!));
        else (parent as JsonObject)[last] = clone(operation.value!);
        break;
      case "replace":
      case "remove":
        if (!exists) throw new Error(`${origin}: ${operation.op} ${path}: no such path in ${idOf(resource)}`);
        if (operation.op === "replace") (parent as JsonObject & Json[])[last as never] = clone(operation.value!) as never;
        else if (Array.isArray(parent)) parent.splice(Number(last), 1);
        else delete (parent as JsonObject)[last];
        break;
      default:
        throw new Error(`${origin}: the test renderer does not support the JSON patch operation ${String(operation.op)}`);
    }
  }
  return document as unknown as Resource;
}
