import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { checkAttachment, contentDisposition, detectType, safeFileName } from "~/models/attachments.server";

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
