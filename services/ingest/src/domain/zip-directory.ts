/** One file of a ZIP archive as its central directory describes it. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; anything else is not read. */
  method: number;
  /** General purpose flags; bit 0 set means the entry is encrypted. */
  flags: number;
  compressedSize: number;
  /** As declared: readers check the bytes really inflate to this and no more. */
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ZipDirectory {
  /** Entries the end record announces (may be more than `entries` holds when reading stopped early). */
  declaredCount: number;
  entries: ZipEntry[];
}

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_HEADER = 0x02014b50;
const END_RECORD_SIZE = 22;
const MAX_COMMENT = 0xffff;

/** Whether the bytes start like a ZIP archive (a local file header). */
export function startsLikeZip(content: Buffer): boolean {
  return content.length >= 4 && content.readUInt32LE(0) === 0x04034b50;
}

/**
 * The entries listed in a ZIP archive's central directory, without inflating anything;
 * at most `maxEntries` are read. Undefined when there is no readable directory (a
 * truncated or damaged archive, or ZIP64, which no document within the upload size
 * needs).
 */
export function readZipDirectory(content: Buffer, maxEntries = Infinity): ZipDirectory | undefined {
  const end = findEndRecord(content);
  if (end === undefined) return undefined;
  const declaredCount = content.readUInt16LE(end + 10);
  const size = content.readUInt32LE(end + 12);
  const offset = content.readUInt32LE(end + 16);
  if (declaredCount === 0xffff || offset === 0xffffffff || offset + size > end) return undefined;
  const entries: ZipEntry[] = [];
  let position = offset;
  while (entries.length < Math.min(declaredCount, maxEntries)) {
    if (position + 46 > end || content.readUInt32LE(position) !== DIRECTORY_HEADER) return undefined;
    const flags = content.readUInt16LE(position + 8);
    const nameLength = content.readUInt16LE(position + 28);
    const extraLength = content.readUInt16LE(position + 30);
    const commentLength = content.readUInt16LE(position + 32);
    const nameEnd = position + 46 + nameLength;
    if (nameEnd > end) return undefined;
    const nameBytes = content.subarray(position + 46, nameEnd);
    entries.push({
      // Bit 11: the name is UTF-8; otherwise code page 437, whose ASCII part is all document formats use.
      name: nameBytes.toString(flags & 0x800 ? "utf8" : "latin1"),
      method: content.readUInt16LE(position + 10),
      flags,
      compressedSize: content.readUInt32LE(position + 20),
      uncompressedSize: content.readUInt32LE(position + 24),
      localHeaderOffset: content.readUInt32LE(position + 42),
    });
    position = nameEnd + extraLength + commentLength;
  }
  return { declaredCount, entries };
}

function findEndRecord(content: Buffer): number | undefined {
  const last = content.length - END_RECORD_SIZE;
  for (let position = last; position >= Math.max(0, last - MAX_COMMENT); position -= 1) {
    if (content.readUInt32LE(position) === END_OF_DIRECTORY) return position;
  }
  return undefined;
}
