import { posix } from "node:path";
import type { AppError } from "@chatbot/core";
import { readXml } from "./xml-reader";
import type { ZipArchive } from "./zip-archive";

/**
 * The parts an Office Open XML part refers to, by relationship id: its `_rels/<name>.rels`
 * part, targets resolved against the part's folder (or from the package root when they
 * start with "/"). External targets (links) are left out.
 */
export function relationshipTargets(archive: ZipArchive, part: string, malformed: (message: string, cause?: unknown) => AppError): Map<string, string> {
  const folder = posix.dirname(part);
  const rels = archive.read(posix.join(folder, "_rels", `${posix.basename(part)}.rels`));
  const targets = new Map<string, string>();
  if (!rels) return targets;
  readXml(
    rels,
    {
      open(name, attributes) {
        if (name !== "Relationship" || attributes.TargetMode === "External" || !attributes.Id || !attributes.Target) return;
        const target = attributes.Target.startsWith("/") ? attributes.Target.slice(1) : posix.join(folder, attributes.Target);
        targets.set(attributes.Id, posix.normalize(target));
      },
    },
    malformed,
  );
  return targets;
}
