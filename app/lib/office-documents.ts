import { inflateRawSync } from "node:zlib";

/**
 * Which office document a ZIP file is (DOCX, XLSX, ODT), read within fixed bounds whatever the
 * file claims: the central directory at its end says where `[Content_Types].xml` (Office Open
 * XML) or `mimetype` (OpenDocument) is, wherever the writer put it (Word first, LibreOffice last),
 * and only that part is inflated, at most MAX_PART_BYTES of it. file-type inflated the whole
 * part in memory, so a 571 KB upload took 1.9 GB (ADR 054).
 */

/** Real `[Content_Types].xml` parts are a few KB (one line per part of the document). */
export const MAX_PART_BYTES = 1024 * 1024;

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const ODT = "application/vnd.oasis.opendocument.text";

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END = 0x06054b50;
const END64 = 0x06064b50;
const END64_LOCATOR = 0x07064b50;
const ZIP64_EXTRA = 0x0001;

export function startsLikeZip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeader: number;
}

/** A 64-bit size or offset, or null when it is past the end of the file (`limit`). */
function u64(buffer: Buffer, at: number, limit: number): number | null {
  const value = buffer.readBigUInt64LE(at);
  return value <= BigInt(limit) ? Number(value) : null;
}

/** Where the central directory is: from the end record, or its ZIP64 one when the fields overflow. */
function centralDirectory(zip: Buffer): { start: number; end: number } | null {
  // The end record is the last 22 bytes, or more when the file has a comment (up to 64 KB).
  let at = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === END) {
      at = i;
      break;
    }
  }
  if (at < 0) return null;
  let size: number | null = zip.readUInt32LE(at + 12);
  let start: number | null = zip.readUInt32LE(at + 16);
  if (size === 0xffffffff || start === 0xffffffff) {
    if (at < 20 || zip.readUInt32LE(at - 20) !== END64_LOCATOR) return null;
    const end64 = u64(zip, at - 20 + 8, zip.length);
    if (end64 === null || end64 + 56 > zip.length || zip.readUInt32LE(end64) !== END64) return null;
    size = u64(zip, end64 + 40, zip.length);
    start = u64(zip, end64 + 48, zip.length);
  }
  if (size === null || start === null || start + size > zip.length) return null;
  return { start, end: start + size };
}

/** The central directory's entries in order; stops at the first that does not parse. */
function* entries(zip: Buffer, directory: { start: number; end: number }): Generator<Entry> {
  let at = directory.start;
  while (at + 46 <= directory.end && zip.readUInt32LE(at) === CENTRAL_HEADER) {
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const next = at + 46 + nameLength + extraLength + commentLength;
    if (next > directory.end) return;
    let compressedSize: number | null = zip.readUInt32LE(at + 20);
    let size: number | null = zip.readUInt32LE(at + 24);
    let localHeader: number | null = zip.readUInt32LE(at + 42);
    // ZIP64: each field that overflowed is in the extra field, in this order.
    if (size === 0xffffffff || compressedSize === 0xffffffff || localHeader === 0xffffffff) {
      const extra = zip.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
      let field = 0;
      while (field + 4 <= extra.length && extra.readUInt16LE(field) !== ZIP64_EXTRA) field += 4 + extra.readUInt16LE(field + 2);
      if (field + 4 > extra.length) return;
      let value = field + 4;
      const next64 = () => {
        if (value + 8 > extra.length) return null;
        value += 8;
        return u64(extra, value - 8, Number.MAX_SAFE_INTEGER);
      };
      if (size === 0xffffffff) size = next64();
      if (compressedSize === 0xffffffff) compressedSize = next64();
      if (localHeader === 0xffffffff) localHeader = next64();
      if (size === null || compressedSize === null || localHeader === null) return;
    }
    // Only two names matter; decoding every name of 200,000 empty entries would take a while.
    const name = nameLength === 8 || nameLength === 19 ? zip.toString("utf8", at + 46, at + 46 + nameLength) : "";
    yield { name, method: zip.readUInt16LE(at + 10), compressedSize, size, localHeader };
    at = next;
  }
}

/** An entry's content, when it is at most `max` bytes once inflated; null otherwise or when broken. */
function content(zip: Buffer, entry: Entry, max: number): Buffer | null {
  const header = entry.localHeader;
  if (header + 30 > zip.length || zip.readUInt32LE(header) !== LOCAL_HEADER) return null;
  const start = header + 30 + zip.readUInt16LE(header + 26) + zip.readUInt16LE(header + 28);
  const end = start + entry.compressedSize;
  if (end > zip.length || entry.size > max) return null;
  const data = zip.subarray(start, end);
  if (entry.method === 0) return data.length <= max ? data : null;
  if (entry.method !== 8) return null;
  try {
    // Stops with an error as soon as the output passes `max`, whatever the header said.
    return inflateRawSync(data, { maxOutputLength: max });
  } catch {
    return null;
  }
}

/** The document type `[Content_Types].xml` names for the package's main part. */
function openXmlType(xml: string): string | null {
  const main = /ContentType\s*=\s*(["'])([^"']*)\.main\+xml\1/i.exec(xml)?.[2]?.toLowerCase();
  return main === DOCX || main === XLSX ? main : null;
}

/**
 * DOCX, XLSX or ODT by what the package says it is; null for any other ZIP, and for one that
 * cannot be read (truncated, no central directory, parts outside the file, a bomb).
 */
export function officeDocumentType(bytes: Uint8Array): string | null {
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const directory = centralDirectory(zip);
    if (!directory) return null;
    // The first of the two decides, as in file-type.
    for (const entry of entries(zip, directory)) {
      if (entry.name === "mimetype") return content(zip, entry, 256)?.toString("utf8").trim().toLowerCase() === ODT ? ODT : null;
      if (entry.name === "[Content_Types].xml") {
        const xml = content(zip, entry, MAX_PART_BYTES);
        return xml ? openXmlType(xml.toString("utf8")) : null;
      }
    }
    return null;
  } catch {
    // A field pointing outside the file (readUInt32LE throws): not a document we can read.
    return null;
  }
}
