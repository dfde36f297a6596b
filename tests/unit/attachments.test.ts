import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { checkAttachment, contentDisposition, detectType, safeFileName } from "~/models/attachments.server";
import { brokenZip, buildZip, contentTypesXml, deflatedSpaces, excelWorkbook, openDocumentText, wordDocument, wordDocumentContentTypesLast } from "../support/zip";

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/files/${name}`, import.meta.url)));
// The start of a JFIF JPEG: what a camera or scanner writes.
const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);

describe("type by content", () => {
  it("accepts PDF, PNG, JPEG, DOCX and UTF-8 text by their bytes", async () => {
    expect(await detectType(fixture("evidence.pdf"))).toBe("application/pdf");
    expect(await detectType(fixture("pixel.png"))).toBe("image/png");
    expect(await detectType(jpeg)).toBe("image/jpeg");
    expect(await detectType(fixture("letter.docx"))).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    expect(await detectType(new TextEncoder().encode("Sehr geehrte Damen und Herren, ich möchte …\n"))).toBe("text/plain");
  });

  it("refuses a Windows program whatever it is called", async () => {
    const exe = fixture("program.exe.pdf");
    expect(await detectType(exe)).toBeNull();
    const checked = await checkAttachment("invoice.pdf", exe);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toMatch(/not a file type we accept/);
  });

  it("refuses text with a NUL byte or invalid UTF-8, and other binary data", async () => {
    expect(await detectType(new Uint8Array([0x68, 0x69, 0x00, 0x21]))).toBeNull();
    expect(await detectType(new Uint8Array([0x68, 0xc3, 0x28]))).toBeNull();
    // A ZIP that is no office document.
    const zip = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);
    expect(await detectType(zip)).toBeNull();
  });

  it("names what it kept: hash, size, type, and a name ending in the real type", async () => {
    const pdf = fixture("evidence.pdf");
    const checked = await checkAttachment("scan.exe", pdf);
    expect(checked).toMatchObject({ ok: true, contentType: "application/pdf", size: pdf.byteLength, safeName: "scan.exe.pdf" });
    if (checked.ok) expect(checked.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const WORD_PARTS = [
  { name: "_rels/.rels", data: "<Relationships/>" },
  { name: "word/document.xml", data: "<w:document/>" },
];
const MB = 1024 * 1024;

/** The time a promise takes, in ms. */
async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe("office documents (ZIP), read within bounds", () => {
  it("knows DOCX, XLSX and ODT wherever their writer put the part that names the type", async () => {
    expect(await detectType(wordDocument())).toBe(DOCX);
    // LibreOffice writes [Content_Types].xml last: here after 3 MB of image.
    expect(await detectType(wordDocumentContentTypesLast())).toBe(DOCX);
    // Streaming writers give the sizes after the data; some write ZIP64 records whatever the size.
    expect(await detectType(wordDocumentContentTypesLast({ dataDescriptor: true }))).toBe(DOCX);
    expect(await detectType(wordDocumentContentTypesLast({ zip64: true }))).toBe(DOCX);
    expect(await detectType(excelWorkbook())).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(await detectType(openDocumentText())).toBe("application/vnd.oasis.opendocument.text");
  });

  it("refuses other ZIPs: macro-enabled Word, an OpenDocument spreadsheet, a plain archive", async () => {
    expect(await detectType(buildZip([{ name: "[Content_Types].xml", data: contentTypesXml("application/vnd.ms-word.document.macroEnabled.main+xml") }]))).toBeNull();
    expect(await detectType(openDocumentText("application/vnd.oasis.opendocument.spreadsheet"))).toBeNull();
    expect(await detectType(buildZip([{ name: "notes.txt", data: "hello" }]))).toBeNull();
  });

  it("refuses a broken ZIP as a type we do not accept, never with an error", async () => {
    const docx = wordDocument();
    const centralAt = docx.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const outside = Buffer.from(docx);
    outside.writeUInt32LE(0x7fffffff, docx.length - 6); // the directory "starts" past the end
    const partOutside = Buffer.from(docx);
    partOutside.writeUInt32LE(0x7fffffff, centralAt + 42); // the first part's header past the end
    const badData = Buffer.from(docx);
    badData.fill(0xff, 30 + "[Content_Types].xml".length, 60); // the part's deflated bytes garbled
    for (const [what, bytes] of [
      ["the probe's signature and zeros", brokenZip()],
      ["cut before its central directory", docx.subarray(0, centralAt)],
      ["cut in its central directory", docx.subarray(0, centralAt + 20)],
      ["a directory outside the file", outside],
      ["a part outside the file", partOutside],
      ["garbled deflate data", badData],
    ] as const) {
      expect(await detectType(bytes), what).toBeNull();
    }
    const checked = await checkAttachment("Beschwerde.docx", brokenZip());
    expect(checked).toMatchObject({ ok: false, problem: { kind: "type", name: "Beschwerde.docx" } });
    if (!checked.ok) expect(checked.reason).toMatch(/not a file type we accept/);
  });

  it("refuses a zip bomb at once, whether or not its header owns up to the size", async () => {
    const spaces = await deflatedSpaces(100 * MB);
    const honest = buildZip([{ name: "[Content_Types].xml", data: spaces }, ...WORD_PARTS]);
    // The same part, its header claiming 1 KB: only inflating tells, and that stops at 1 MB.
    const lying = buildZip([{ name: "[Content_Types].xml", data: { ...spaces, size: 1024 } }, ...WORD_PARTS]);
    for (const bomb of [honest, lying]) {
      const { value, ms } = await timed(() => detectType(bomb));
      expect(value).toBeNull();
      expect(ms).toBeLessThan(500);
    }
    // Wrapped in gzip (which file-type would inflate, and the ZIP inside it).
    const wrapped = gzipSync(honest);
    const { value, ms } = await timed(() => detectType(wrapped));
    expect(value).toBeNull();
    expect(ms).toBeLessThan(500);
  });

  it("takes no longer for a 10 MB file built to make the type check loop (a PNG of empty chunks)", async () => {
    const png = Buffer.alloc(10 * MB);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(png);
    for (let at = 8; at + 12 <= png.length; at += 12) png.write("tEXt", at + 4, "latin1");
    const { value, ms } = await timed(() => detectType(png));
    expect(value).toBe("image/png");
    expect(ms).toBeLessThan(500);
  });
});

describe("size", () => {
  const saved = process.env.ATTACHMENT_MAX_FILE_BYTES;
  afterEach(() => {
    if (saved === undefined) delete process.env.ATTACHMENT_MAX_FILE_BYTES;
    else process.env.ATTACHMENT_MAX_FILE_BYTES = saved;
  });

  it("refuses an empty file and one over ATTACHMENT_MAX_FILE_BYTES", async () => {
    expect((await checkAttachment("a.txt", new Uint8Array())).ok).toBe(false);
    process.env.ATTACHMENT_MAX_FILE_BYTES = "100";
    const checked = await checkAttachment("evidence.pdf", fixture("evidence.pdf"));
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.reason).toMatch(/at most 100 bytes/);
  });
});

describe("file names", () => {
  const pdf = "application/pdf";
  it("keeps the last path segment only", () => {
    expect(safeFileName("../../etc/passwd.pdf", pdf)).toBe("passwd.pdf");
    expect(safeFileName("C:\\Users\\maria\\Desktop\\brief.pdf", pdf)).toBe("brief.pdf");
  });
  it("drops control characters and replaces quotes and reserved characters", () => {
    expect(safeFileName('a\u0000b\r\nc"d\'e;f<g>.pdf', pdf)).toBe("abc_d_e_f_g_.pdf");
  });
  it("drops right-to-left overrides, so exe cannot pose as pdf", () => {
    const name = safeFileName("invoice\u202Efdp.exe", pdf);
    expect(name).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
    expect(name).toBe("invoicefdp.exe.pdf");
  });
  it("cuts very long names to 120 characters, keeping the extension", () => {
    const name = safeFileName(`${"ä".repeat(500)}.pdf`, pdf);
    expect([...name].length).toBe(120);
    expect(name.endsWith(".pdf")).toBe(true);
  });
  it("gives a name to a nameless or dot-only file, and never a hidden one", () => {
    expect(safeFileName("", "image/png")).toBe("attachment.png");
    expect(safeFileName("...", "image/png")).toBe("attachment.png");
    expect(safeFileName(".htaccess", "text/plain")).toBe("htaccess.txt");
    expect(safeFileName("photo.JPEG", "image/jpeg")).toBe("photo.JPEG");
  });
  it("puts an ASCII fallback and the UTF-8 name in Content-Disposition", () => {
    expect(contentDisposition("Beschwerde über Werbung.pdf")).toBe(
      `attachment; filename="Beschwerde u_ber Werbung.pdf"; filename*=UTF-8''Beschwerde%20%C3%BCber%20Werbung.pdf`,
    );
  });
});

describe("Word and Excel 97-2003 files (OLE compound files)", () => {
  /** The compound file's signature, then its directory's UTF-16LE stream names, as in a real file. */
  const compound = (...names: string[]) => {
    const header = Buffer.alloc(512);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header);
    header.writeUInt16LE(0x003e, 24);
    header.writeUInt16LE(0x0003, 26);
    header.writeUInt16LE(0xfffe, 28);
    header.writeUInt16LE(9, 30);
    return new Uint8Array(Buffer.concat([header, ...names.map((n) => Buffer.from(`${n}\u0000`, "utf16le")), Buffer.alloc(512)]));
  };

  it("takes a document or a workbook by its main stream", async () => {
    expect(await detectType(compound("Root Entry", "WordDocument", "1Table"))).toBe("application/msword");
    expect(await detectType(compound("Root Entry", "Workbook"))).toBe("application/vnd.ms-excel");
  });

  it("refuses one that carries macros (a VBA project), Word's or Excel's", async () => {
    expect(await detectType(compound("Root Entry", "WordDocument", "Macros", "VBA", "_VBA_PROJECT", "dir"))).toBeNull();
    expect(await detectType(compound("Root Entry", "Workbook", "_VBA_PROJECT_CUR", "VBA", "_VBA_PROJECT"))).toBeNull();
  });
});
