import { createHash } from "node:crypto";
import { fileTypeFromBuffer } from "file-type";
import { officeDocumentType, startsLikeZip } from "~/lib/office-documents";
import type { Kysely, Transaction } from "kysely";
import { visibleAudiences, type Actor } from "~/domain";
import type { Database } from "~/db/schema";
import { asActor, casesVisibleTo } from "./scope.server";

/**
 * Files that come with a message (or with the complaint form), kept in PostgreSQL behind three
 * functions: check, save, fetch for download. Another store (S3-compatible) would replace the
 * `content` column with a key and keep these signatures. See docs/decisions/016-attachments.md.
 */

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  return Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

/** Read on each use, so a changed environment takes effect at once (tests rely on it). */
export function attachmentLimits() {
  return {
    maxFileBytes: positiveInt("ATTACHMENT_MAX_FILE_BYTES", 10 * 1024 * 1024),
    maxMessageBytes: positiveInt("ATTACHMENT_MAX_MESSAGE_BYTES", 25 * 1024 * 1024),
    /** How many files one message may carry. */
    maxFiles: 10,
  };
}

export function describeSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** The types we accept, by what the content is; the extension a download gets for each. */
export const ALLOWED_TYPES: Record<string, { ext: string; label: string }> = {
  "application/pdf": { ext: "pdf", label: "PDF" },
  "image/png": { ext: "png", label: "PNG image" },
  "image/jpeg": { ext: "jpg", label: "JPEG image" },
  "text/plain": { ext: "txt", label: "plain text" },
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": { ext: "docx", label: "Word document" },
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": { ext: "xlsx", label: "Excel workbook" },
  "application/vnd.oasis.opendocument.text": { ext: "odt", label: "OpenDocument text" },
  "application/msword": { ext: "doc", label: "Word 97-2003 document" },
  "application/vnd.ms-excel": { ext: "xls", label: "Excel 97-2003 workbook" },
};

export const ALLOWED_TYPES_SENTENCE = "PDF, PNG, JPEG, plain text, Word (DOCX, DOC), Excel (XLSX, XLS) or OpenDocument text (ODT)";

const utf8 = new TextDecoder("utf-8", { fatal: true });

function isPlainText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Word 97-2003 and Excel 97-2003 files are OLE compound files, like MSI installers and others:
 * file-type says only "cfb". The name of the main stream tells them apart: "WordDocument" or
 * "Workbook"/"Book", written in UTF-16LE in the file's directory. One that carries a VBA project
 * (macros: the "_VBA_PROJECT" stream, in Word's "Macros" and Excel's "_VBA_PROJECT_CUR" storage)
 * is not taken: its file goes to staff and parties, and macros are how such files attack.
 */
function legacyOfficeType(bytes: Uint8Array): string | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const has = (name: string) => buffer.includes(Buffer.from(name, "utf16le"));
  if (has("_VBA_PROJECT")) return null;
  if (has("WordDocument")) return "application/msword";
  if (has("Workbook") || has("Book\u0000")) return "application/vnd.ms-excel";
  return null;
}

/**
 * How much of a file file-type reads: its own sample size for streams, and enough for the types
 * we take from it (PDF, PNG, JPEG and OLE files are known by their first bytes). On a whole
 * 10 MB file its loops could take seconds (a PNG of empty chunks: 5.8 s). ADR 054.
 */
const SNIFF_BYTES = 4100;

const isGzip = (bytes: Uint8Array) => bytes[0] === 0x1f && bytes[1] === 0x8b;

/**
 * What the content is, when it is one of ours; null otherwise, and for a file whose type cannot
 * be made out (a broken ZIP). Never the name or the browser's claim. ZIP and gzip never reach
 * file-type: it inflates them in memory without a limit (a zip bomb, ADR 054); office documents
 * are read by officeDocumentType within fixed bounds, and gzip is not a type we take.
 */
export async function detectType(bytes: Uint8Array): Promise<string | null> {
  if (startsLikeZip(bytes)) return officeDocumentType(bytes);
  if (isGzip(bytes)) return null;
  try {
    const detected = await fileTypeFromBuffer(bytes.subarray(0, SNIFF_BYTES));
    if (!detected) return isPlainText(bytes) ? "text/plain" : null;
    if (detected.ext === "cfb") return legacyOfficeType(bytes);
    return detected.mime in ALLOWED_TYPES ? detected.mime : null;
  } catch {
    // file-type stops with an error on some broken files: a type we cannot make out.
    return null;
  }
}

// C0 and C1 controls, DEL; bidirectional overrides and isolates, marks, zero-width characters and
// the BOM: they can make "exe.pdf" display as "fdp.exe" or hide characters in a name.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u001F\u007F-\u009F\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;
// Characters that are path separators or special somewhere (Windows, shells, HTTP headers).
const RESERVED = /[/\\:*?"'<>|;`$%]/g;
const MAX_NAME = 120;

/**
 * The name a download is given: the last path segment of what the uploader's computer called
 * it, without invisible or reserved characters, at most 120 characters, and ending in the
 * extension of the type the content really is (so "invoice.exe" that is a PDF downloads as
 * "invoice.exe.pdf" and opens as a PDF).
 */
export function safeFileName(given: string, contentType: string): string {
  const ext = ALLOWED_TYPES[contentType]?.ext ?? "bin";
  let name = given.normalize("NFC").split(/[/\\]/).pop() ?? "";
  name = name.replace(INVISIBLE, "").replace(RESERVED, "_").replace(/\s+/g, " ").trim();
  name = name.replace(/^[.\s_-]+/, "").replace(/[.\s]+$/, "");
  const lower = name.toLowerCase();
  const alsoOk = ext === "jpg" ? ["jpg", "jpeg"] : ext === "txt" ? ["txt", "text", "csv", "md"] : [ext];
  const hasExt = alsoOk.some((e) => lower.endsWith(`.${e}`));
  let stem = hasExt ? name.slice(0, name.lastIndexOf(".")) : name;
  const suffix = hasExt ? name.slice(name.lastIndexOf(".")) : `.${ext}`;
  if (!stem) stem = "attachment";
  const chars = [...stem];
  const room = MAX_NAME - [...suffix].length;
  if (chars.length > room) stem = chars.slice(0, room).join("").trim();
  return `${stem}${suffix}`;
}

/** `Content-Disposition` for a download: an ASCII fallback and the UTF-8 name (RFC 6266, 8187). */
export function contentDisposition(safeName: string): string {
  const ascii = safeName.normalize("NFKD").replace(/[^\x20-\x7E]/g, "_");
  const encoded = encodeURIComponent(safeName).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export interface CheckedAttachment {
  ok: true;
  fileName: string;
  safeName: string;
  contentType: string;
  size: number;
  sha256: string;
}

/** Why a file was refused, for wording it in the reader's language (`reason` is English). */
export type FileProblem = { kind: "empty"; name: string } | { kind: "too_big"; name: string; size: number; max: number } | { kind: "type"; name: string };

export type AttachmentCheck = CheckedAttachment | { ok: false; reason: string; problem: FileProblem };

/** Whether a file may be kept, and what it is: size and type from the bytes alone. */
export async function checkAttachment(fileName: string, bytes: Uint8Array): Promise<AttachmentCheck> {
  const shown = (fileName.replace(INVISIBLE, "").trim() || "The file").slice(0, 80);
  const { maxFileBytes } = attachmentLimits();
  if (bytes.byteLength === 0) return { ok: false, reason: `"${shown}" is empty.`, problem: { kind: "empty", name: shown } };
  if (bytes.byteLength > maxFileBytes) {
    return {
      ok: false,
      reason: `"${shown}" is ${describeSize(bytes.byteLength)}; a file may be at most ${describeSize(maxFileBytes)}.`,
      problem: { kind: "too_big", name: shown, size: bytes.byteLength, max: maxFileBytes },
    };
  }
  const contentType = await detectType(bytes);
  if (!contentType) {
    return { ok: false, reason: `"${shown}" is not a file type we accept. Please send a ${ALLOWED_TYPES_SENTENCE} file.`, problem: { kind: "type", name: shown } };
  }
  return {
    ok: true,
    fileName: fileName.replace(INVISIBLE, "").slice(0, 1000) || "attachment",
    safeName: safeFileName(fileName, contentType),
    contentType,
    size: bytes.byteLength,
    sha256: createHash("sha256").update(bytes).digest("hex"),
  };
}

export interface NewAttachment {
  caseId: string;
  /** null: the file came with the complaint itself (seen by everyone on the case). */
  messageId: string | null;
  fileName: string;
  bytes: Uint8Array;
  uploadedBy: string | null;
}

/**
 * Keeps a file with its message, inside the caller's transaction (a refused file must roll the
 * message back too: callers check every file first and throw on a refusal).
 */
export async function saveAttachment(trx: Transaction<Database> | Kysely<Database>, file: NewAttachment): Promise<{ ok: true; id: string } | { ok: false; reason: string }> {
  const checked = await checkAttachment(file.fileName, file.bytes);
  if (!checked.ok) return checked;
  const row = await trx
    .insertInto("attachments")
    .values({
      case_id: file.caseId,
      message_id: file.messageId,
      file_name: checked.fileName,
      safe_name: checked.safeName,
      content_type: checked.contentType,
      size_bytes: checked.size,
      sha256: checked.sha256,
      content: Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength),
      uploaded_by: file.uploadedBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { ok: true, id: row.id };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A file for download, when this person may see the message it belongs to: the case through the
 * one tenant scope, the message by its audience. Null for anything else (the route answers 404,
 * the same as for an id that does not exist).
 */
export async function attachmentForDownload(actor: Actor, id: string) {
  if (!UUID.test(id)) return null;
  // As the actor: the database's policies repeat the scope below (ADR 018).
  const row = await asActor(actor, (trx) =>
    casesVisibleTo(actor, trx)
      .innerJoin("attachments", "attachments.case_id", "cases.id")
      .leftJoin("messages", "messages.id", "attachments.message_id")
      .select(["attachments.safe_name", "attachments.content_type", "attachments.size_bytes", "attachments.content", "attachments.sha256"])
      .where("attachments.id", "=", id)
      .where((eb) => eb.or([eb("attachments.message_id", "is", null), eb("messages.audience", "in", visibleAudiences(actor))]))
      .executeTakeFirst(),
  );
  if (!row) return null;
  return { safeName: row.safe_name, contentType: row.content_type, size: row.size_bytes, content: row.content, sha256: row.sha256 };
}

/** What a timeline line shows of a file (no content). */
export interface AttachmentLink {
  id: string;
  name: string;
  size: number;
  type: string;
}

/** The files of the given messages (and, with `withComplaint`, of the complaint), by message id; "" for the complaint's. */
export async function attachmentsOf(on: Kysely<Database>, caseId: string, messageIds: string[], withComplaint: boolean): Promise<Map<string, AttachmentLink[]>> {
  const byMessage = new Map<string, AttachmentLink[]>();
  if (messageIds.length === 0 && !withComplaint) return byMessage;
  const rows = await on
    .selectFrom("attachments")
    .select(["id", "message_id", "safe_name", "size_bytes", "content_type"])
    .where("case_id", "=", caseId)
    .where((eb) => {
      const ors = [];
      if (messageIds.length) ors.push(eb("message_id", "in", messageIds));
      if (withComplaint) ors.push(eb("message_id", "is", null));
      return eb.or(ors);
    })
    .orderBy("created_at")
    .orderBy("safe_name")
    .execute();
  for (const r of rows) {
    const key = r.message_id ?? "";
    const list = byMessage.get(key) ?? [];
    list.push({ id: r.id, name: r.safe_name, size: r.size_bytes, type: r.content_type });
    byMessage.set(key, list);
  }
  return byMessage;
}
