import { inflateRawSync } from "node:zlib";
import type { AppError } from "@chatbot/core";
import { checkEntryCount, UnpackBudget, type DocumentLimits } from "../domain/document-limits";
import { readZipDirectory, type ZipEntry } from "../domain/zip-directory";

export type ZipLimits = Pick<DocumentLimits, "maxUnpackedBytes" | "maxArchiveEntries">;

export interface ZipFailures {
  malformed: (message: string, cause?: unknown) => AppError;
  encrypted: (message: string) => AppError;
}

export interface ZipArchive {
  names(): string[];
  has(name: string): boolean;
  /** An entry's bytes, inflated within the document's budget; undefined when there is no such entry. */
  read(name: string): Buffer | undefined;
  /** Every entry inflated once and checked against its declared size, for readers that unzip on their own. */
  verifyAll(): void;
}

/**
 * A document's ZIP archive (HWPX, DOCX), read with caps: at most `maxArchiveEntries`
 * entries, and at most `maxUnpackedBytes` inflated in all. Each inflate is bounded by
 * what the budget has left, so an entry that declares 1 KB and inflates to gigabytes
 * stops at the cap rather than filling memory; an entry must inflate to exactly the size
 * it declares. Encrypted entries, and methods other than stored and deflate, fail with
 * the format's own codes.
 */
export function openZip(content: Buffer, limits: ZipLimits, failures: ZipFailures): ZipArchive {
  const directory = readZipDirectory(content);
  if (!directory) throw failures.malformed("The archive's directory is missing or damaged");
  checkEntryCount(directory.declaredCount, limits);
  const budget = new UnpackBudget(limits);
  const entries = new Map<string, ZipEntry>(directory.entries.map((entry) => [entry.name, entry]));

  const inflate = (entry: ZipEntry): Buffer => {
    if (entry.flags & 0x1) throw failures.encrypted("The document is encrypted");
    if (entry.uncompressedSize > budget.remaining()) throw budget.exceeded();
    const header = entry.localHeaderOffset;
    if (header + 30 > content.length || content.readUInt32LE(header) !== 0x04034b50) {
      throw failures.malformed(`The archive entry ${entry.name} is damaged`);
    }
    const start = header + 30 + content.readUInt16LE(header + 26) + content.readUInt16LE(header + 28);
    const data = content.subarray(start, start + entry.compressedSize);
    if (data.length !== entry.compressedSize) throw failures.malformed(`The archive entry ${entry.name} is truncated`);
    let bytes: Buffer;
    if (entry.method === 0) {
      bytes = data;
    } else if (entry.method === 8) {
      try {
        // One byte more than declared is allowed so that an entry larger than it says is caught below, not cut short.
        bytes = inflateRawSync(data, { maxOutputLength: Math.max(1, Math.min(budget.remaining(), entry.uncompressedSize + 1)) });
      } catch (error) {
        if (error instanceof RangeError || (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
          throw entry.uncompressedSize + 1 > budget.remaining()
            ? budget.exceeded()
            : failures.malformed(`The archive entry ${entry.name} inflates to more than it declares`);
        }
        throw failures.malformed(`The archive entry ${entry.name} could not be inflated`, error);
      }
    } else {
      throw failures.malformed(`The archive entry ${entry.name} uses an unsupported compression method (${entry.method})`);
    }
    if (bytes.length !== entry.uncompressedSize) throw failures.malformed(`The archive entry ${entry.name} is not the size it declares`);
    budget.spend(bytes.length);
    return bytes;
  };

  return {
    names: () => [...entries.keys()],
    has: (name) => entries.has(name),
    read(name) {
      const entry = entries.get(name);
      return entry ? inflate(entry) : undefined;
    },
    verifyAll() {
      for (const entry of entries.values()) if (!entry.name.endsWith("/")) inflate(entry);
    },
  };
}
