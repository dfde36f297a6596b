import { unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { hasControlCharacter, requestLimits } from "../../server/request-limits";
import { attachmentLimits, checkAttachment, describeSize, type CheckedAttachment, type FileProblem } from "~/models/attachments.server";

/** A file from a form, checked (type from its content, size) but not yet saved. */
export interface UploadedFile extends CheckedAttachment {
  bytes: Uint8Array;
}

/** Why a form with files was refused, for wording it in the reader's language (`error` is English). */
export type UploadProblem =
  | { kind: "unreadable" }
  | { kind: "control_character" }
  | { kind: "too_many_files"; max: number }
  | { kind: "total_too_big"; max: number }
  | FileProblem;

export type ActionForm =
  | { ok: true; form: FormData; files: UploadedFile[] }
  | { ok: false; form: FormData; status: 400 | 413; error: string; problem: UploadProblem };

/** The field of every form that carries files. */
export const FILES_FIELD = "files";

class Refusal extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
    readonly problem: UploadProblem = { kind: "unreadable" },
  ) {
    super(message);
  }
}

/**
 * Reads an action's form: an urlencoded one as before (the request gate has checked it), or a
 * multipart one with files. The gate lets a multipart body through unread (rule "uploads" in
 * server/request-limits.ts), so its limits are enforced here while it streams: text fields as
 * for urlencoded forms (their total too), each file at most ATTACHMENT_MAX_FILE_BYTES, all files at most
 * ATTACHMENT_MAX_MESSAGE_BYTES. A file over its limit is counted, not kept; then every file is
 * checked by its content. One refused file refuses the whole form: the caller saves nothing.
 */
export async function readActionForm(request: Request): Promise<ActionForm> {
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== "multipart/form-data") return { ok: true, form: await request.formData(), files: [] };

  const limits = requestLimits();
  const { maxFileBytes, maxMessageBytes, maxFiles } = attachmentLimits();
  const raw: { name: string; bytes: Uint8Array | null; size: number }[] = [];
  let fields = 0;
  let fileBytes = 0;
  // The text fields together, names included: at most a form's size (MAX_FORM_BYTES), as an
  // urlencoded form; else 1,000 fields of 100 KiB each would be 100 MB held in memory.
  let textBytes = 0;

  const handler: UploadHandler = async ({ name, filename, data }) => {
    fields++;
    if (fields > limits.maxFormFields) throw new Refusal(413, `Refused: the form has more than ${limits.maxFormFields} fields.`);
    if (typeof filename === "string") {
      if (name !== FILES_FIELD) throw new Refusal(400, "Refused: files can only be sent in the form's file field.");
      const chunks: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of data) {
        size += chunk.byteLength;
        fileBytes += chunk.byteLength;
        // Past the limit the bytes are counted, not kept (the person is told which file was too big).
        if (size <= maxFileBytes) chunks.push(chunk);
        if (fileBytes > maxMessageBytes + maxFileBytes) {
          throw new Refusal(413, `The files together are larger than ${describeSize(maxMessageBytes)}. Nothing was saved.`, { kind: "total_too_big", max: maxMessageBytes });
        }
      }
      // A file input left empty is sent as a part with no name and no bytes.
      if (size === 0 && filename === "") return undefined;
      raw.push({ name: filename, bytes: size <= maxFileBytes ? Buffer.concat(chunks) : null, size });
      return undefined;
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const tooMuchText = () => new Refusal(413, `Refused: the form's text fields together are larger than ${describeSize(limits.maxFormBytes)}.`);
    textBytes += Buffer.byteLength(name);
    if (textBytes > limits.maxFormBytes) throw tooMuchText();
    for await (const chunk of data) {
      size += chunk.byteLength;
      textBytes += chunk.byteLength;
      if (size > limits.maxFieldBytes) throw new Refusal(413, `Refused: a field of the form is longer than ${describeSize(limits.maxFieldBytes)}.`);
      if (textBytes > limits.maxFormBytes) throw tooMuchText();
      chunks.push(chunk);
    }
    const text = new TextDecoder("utf-8").decode(Buffer.concat(chunks));
    if (hasControlCharacter(text) || hasControlCharacter(name)) {
      throw new Refusal(400, "Refused: the form contains a control character (such as a NUL byte), which text cannot contain.", { kind: "control_character" });
    }
    return text;
  };

  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, handler);
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, form: new FormData(), status: error.status, error: error.message, problem: error.problem };
    // A broken body (bad boundary, cut short): the parser's words are not for people.
    return { ok: false, form: new FormData(), status: 400, error: "Refused: the form could not be read. Please try again.", problem: { kind: "unreadable" } };
  }

  if (raw.length > maxFiles) {
    return { ok: false, form, status: 413, error: `Send at most ${maxFiles} files with one message. Nothing was saved.`, problem: { kind: "too_many_files", max: maxFiles } };
  }
  const files: UploadedFile[] = [];
  for (const f of raw) {
    if (!f.bytes) {
      const name = f.name.slice(0, 80);
      return {
        ok: false,
        form,
        status: 413,
        error: `"${name}" is ${describeSize(f.size)}; a file may be at most ${describeSize(maxFileBytes)}. Nothing was saved.`,
        problem: { kind: "too_big", name, size: f.size, max: maxFileBytes },
      };
    }
    const checked = await checkAttachment(f.name, f.bytes);
    if (!checked.ok) return { ok: false, form, status: 400, error: `${checked.reason} Nothing was saved.`, problem: checked.problem };
    files.push({ ...checked, bytes: f.bytes });
  }
  const total = files.reduce((n, f) => n + f.size, 0);
  if (total > maxMessageBytes) {
    return {
      ok: false,
      form,
      status: 413,
      error: `The files together are ${describeSize(total)}; one message may carry at most ${describeSize(maxMessageBytes)}. Nothing was saved.`,
      problem: { kind: "total_too_big", max: maxMessageBytes },
    };
  }
  return { ok: true, form, files };
}
