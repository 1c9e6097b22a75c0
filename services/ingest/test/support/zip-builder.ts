import { deflateRawSync } from "node:zlib";

export interface ZipFile {
  name: string;
  content: Buffer | string;
  /** Stored rather than deflated. */
  store?: boolean;
  /** Writes this as the entry's uncompressed size instead of the true one (a lying header). */
  declaredSize?: number;
  /** Sets the entry's encryption flag. */
  encrypted?: boolean;
}

/**
 * A minimal ZIP writer for tests: local headers, central directory and end record, with
 * the sizes and flags a test chooses. CRCs are left 0; readers here do not check them.
 */
export function buildZip(files: ZipFile[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const raw = Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content, "utf8");
    const data = file.store ? raw : deflateRawSync(raw);
    const name = Buffer.from(file.name, "utf8");
    const flags = 0x800 | (file.encrypted ? 1 : 0);
    const method = file.store ? 0 : 8;
    const size = file.declaredSize ?? raw.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The first entries of an HWPX package, as Hangul writes them. */
export function hwpxEntries(sectionXml: string): ZipFile[] {
  return [
    { name: "mimetype", content: "application/hwp+zip", store: true },
    { name: "Contents/content.hpf", content: '<?xml version="1.0" encoding="UTF-8"?><opf:package xmlns:opf="http://www.idpf.org/2007/opf/"/>' },
    { name: "Contents/section0.xml", content: sectionXml },
  ];
}
