import { crc32, createDeflateRaw, deflateRawSync } from "node:zlib";

// ZIP files built in code, for the office-document tests: entries in any order (LibreOffice writes
// [Content_Types].xml last, Word first), stored or deflated, sizes in the local header or in a
// data descriptor after the data (streaming writers), ZIP64 records, and zip bombs.

export interface ZipEntry {
  name: string;
  /** The entry's bytes, or already-deflated bytes with their real size and CRC (a bomb). */
  data: Buffer | string | { deflated: Buffer; size: number; crc: number };
  /** Stored uncompressed (an ODF file's `mimetype` must be). */
  store?: boolean;
  /** Sizes and CRC zero in the local header, given in a data descriptor after the data. */
  dataDescriptor?: boolean;
}

export interface ZipOptions {
  /** ZIP64 end-of-central-directory records and ZIP64 sizes and offsets in the central directory. */
  zip64?: boolean;
}

export function buildZip(entries: ZipEntry[], options: ZipOptions = {}): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    let compressed: Buffer;
    let size: number;
    let crc: number;
    if (typeof entry.data === "object" && !Buffer.isBuffer(entry.data)) {
      ({ deflated: compressed, size, crc } = entry.data);
    } else {
      const raw = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, "utf8");
      compressed = entry.store ? raw : deflateRawSync(raw);
      size = raw.length;
      crc = crc32(raw);
    }
    const method = entry.store ? 0 : 8;
    const flags = 0x0800 | (entry.dataDescriptor ? 0x0008 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(0x00210000, 10); // 1980-01-01 00:00
    local.writeUInt32LE(entry.dataDescriptor ? 0 : crc, 14);
    local.writeUInt32LE(entry.dataDescriptor ? 0 : compressed.length, 18);
    local.writeUInt32LE(entry.dataDescriptor ? 0 : size, 22);
    local.writeUInt16LE(name.length, 26);
    parts.push(local, name, compressed);
    if (entry.dataDescriptor) {
      const descriptor = Buffer.alloc(16);
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(compressed.length, 8);
      descriptor.writeUInt32LE(size, 12);
      parts.push(descriptor);
    }

    const extra = options.zip64 ? Buffer.alloc(28) : Buffer.alloc(0);
    if (options.zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(size), 4);
      extra.writeBigUInt64LE(BigInt(compressed.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(options.zip64 ? 45 : 20, 4);
    header.writeUInt16LE(options.zip64 ? 45 : 20, 6);
    header.writeUInt16LE(flags, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt32LE(0x00210000, 12);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(options.zip64 ? 0xffffffff : compressed.length, 20);
    header.writeUInt32LE(options.zip64 ? 0xffffffff : size, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt16LE(extra.length, 30);
    header.writeUInt32LE(options.zip64 ? 0xffffffff : offset, 42);
    central.push(header, name, extra);
    offset += 30 + name.length + compressed.length + (entry.dataDescriptor ? 16 : 0);
  }
  const directory = Buffer.concat(central);
  const tail: Buffer[] = [];
  if (options.zip64) {
    const end64 = Buffer.alloc(56);
    end64.writeUInt32LE(0x06064b50, 0);
    end64.writeBigUInt64LE(44n, 4);
    end64.writeUInt16LE(45, 12);
    end64.writeUInt16LE(45, 14);
    end64.writeBigUInt64LE(BigInt(entries.length), 24);
    end64.writeBigUInt64LE(BigInt(entries.length), 32);
    end64.writeBigUInt64LE(BigInt(directory.length), 40);
    end64.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + directory.length), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(end64, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(options.zip64 ? 0xffff : Math.min(entries.length, 0xffff), 8);
  end.writeUInt16LE(options.zip64 ? 0xffff : Math.min(entries.length, 0xffff), 10);
  end.writeUInt32LE(options.zip64 ? 0xffffffff : directory.length, 12);
  end.writeUInt32LE(options.zip64 ? 0xffffffff : offset, 16);
  return Buffer.concat([...parts, directory, ...tail, end]);
}

const WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
const EXCEL_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";

export function contentTypesXml(main: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="${main.includes("spreadsheetml") ? "/xl/workbook.xml" : "/word/document.xml"}" ContentType="${main}"/></Types>`;
}

const RELS = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;
const DOCUMENT = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Sehr geehrte Damen und Herren</w:t></w:r></w:p></w:body></w:document>`;

/** Bytes that do not compress: a photo's worth of noise, so a part can sit far into the file. */
function noise(bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  let x = 0x2545f491;
  for (let i = 0; i < bytes; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** A Word document the way Word writes it: [Content_Types].xml first. */
export function wordDocument(): Buffer {
  return buildZip([
    { name: "[Content_Types].xml", data: contentTypesXml(WORD_MAIN) },
    { name: "_rels/.rels", data: RELS },
    { name: "word/document.xml", data: DOCUMENT },
  ]);
}

/**
 * A Word document the way LibreOffice writes it: [Content_Types].xml last, here after 3 MB of
 * image, with sizes in data descriptors (as streaming writers do) when asked.
 */
export function wordDocumentContentTypesLast(options: { dataDescriptor?: boolean; zip64?: boolean } = {}): Buffer {
  const dd = options.dataDescriptor ?? false;
  return buildZip(
    [
      { name: "_rels/.rels", data: RELS, dataDescriptor: dd },
      { name: "word/media/image1.png", data: noise(3 * 1024 * 1024), store: true, dataDescriptor: dd },
      { name: "word/document.xml", data: DOCUMENT, dataDescriptor: dd },
      { name: "[Content_Types].xml", data: contentTypesXml(WORD_MAIN), dataDescriptor: dd },
    ],
    { zip64: options.zip64 },
  );
}

export function excelWorkbook(): Buffer {
  return buildZip([
    { name: "_rels/.rels", data: RELS },
    { name: "xl/workbook.xml", data: `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>` },
    { name: "[Content_Types].xml", data: contentTypesXml(EXCEL_MAIN) },
  ]);
}

/** An OpenDocument text: `mimetype` first and stored, as the format requires. */
export function openDocumentText(mime = "application/vnd.oasis.opendocument.text"): Buffer {
  return buildZip([
    { name: "mimetype", data: mime, store: true },
    { name: "content.xml", data: `<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>` },
    { name: "META-INF/manifest.xml", data: `<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>` },
  ]);
}

/** `bytes` of spaces, deflated, without ever holding them (200 MB deflate to about 200 KB). */
export async function deflatedSpaces(bytes: number): Promise<{ deflated: Buffer; size: number; crc: number }> {
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (piece: Buffer) => out.push(piece));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on("end", resolve);
    deflate.on("error", reject);
  });
  let crc = 0;
  for (let left = bytes; left > 0; left -= chunk.length) {
    const piece = left >= chunk.length ? chunk : chunk.subarray(0, left);
    crc = crc32(piece, crc);
    if (!deflate.write(piece)) await new Promise((resolve) => deflate.once("drain", resolve));
  }
  deflate.end();
  await done;
  return { deflated: Buffer.concat(out), size: bytes, crc };
}

/** A docx-like zip bomb: its first entry, [Content_Types].xml, inflates to `bytes` of spaces. */
export async function zipBomb(bytes: number): Promise<Buffer> {
  return buildZip([
    { name: "[Content_Types].xml", data: await deflatedSpaces(bytes) },
    { name: "_rels/.rels", data: RELS },
    { name: "word/document.xml", data: DOCUMENT },
  ]);
}

/** What the probe sent: a ZIP signature and nothing that makes a ZIP. */
export function brokenZip(): Buffer {
  return Buffer.concat([Buffer.from("PK\u0003\u0004", "latin1"), Buffer.alloc(200)]);
}
