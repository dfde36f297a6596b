import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import type { StoredMail } from "./smtp";

export type { StoredMail } from "./smtp";

export interface WaitForMailOptions {
  /** Recipient address (case-insensitive). */
  to: string;
  /** Only messages whose subject contains this text. */
  subjectIncludes?: string;
  /** Only messages whose plain text contains this (every mail of a case has the same subject). */
  textIncludes?: string;
  /** Only messages that arrived at or after this moment. */
  after?: Date;
  timeoutMs?: number;
}

/** Every message in the folder, oldest first. */
export async function readMailFolder(dir: string): Promise<StoredMail[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".json") && !n.startsWith(".")).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const mails: StoredMail[] = [];
  for (const name of names) {
    try {
      mails.push(JSON.parse(await readFile(path.join(dir, name), "utf8")) as StoredMail);
    } catch {
      // Skip a file that vanished or is unreadable; the next poll sees it again.
    }
  }
  return mails;
}

/** Polls `dir` until a matching message is there; returns the newest match. */
export async function waitForMail(dir: string, opts: WaitForMailOptions): Promise<StoredMail> {
  const { to, subjectIncludes, textIncludes, after, timeoutMs = 15_000 } = opts;
  const recipient = to.toLowerCase();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const matches = (await readMailFolder(dir)).filter(
      (m) =>
        m.to.some((t) => t.toLowerCase() === recipient) &&
        (subjectIncludes === undefined || m.subject.includes(subjectIncludes)) &&
        (textIncludes === undefined || m.text.includes(textIncludes)) &&
        (after === undefined || new Date(m.date).getTime() >= after.getTime()),
    );
    const newest = matches.at(-1);
    if (newest) return newest;
    if (Date.now() >= deadline) {
      const seen = (await readMailFolder(dir)).map((m) => `  ${m.date} to ${m.to.join(", ")}: ${m.subject}`);
      throw new Error(
        `No mail to ${to}${subjectIncludes ? ` with subject containing "${subjectIncludes}"` : ""}` +
          `${after ? ` after ${after.toISOString()}` : ""} within ${timeoutMs} ms in ${dir}.\n` +
          (seen.length ? `Messages there:\n${seen.join("\n")}` : "The folder holds no messages."),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The first URL in the message's text (then its HTML) whose path starts with `pathPrefix`. */
export function extractLink(mail: Pick<StoredMail, "text" | "html">, pathPrefix: string): string {
  for (const body of [mail.text, mail.html]) {
    for (const match of body.matchAll(/https?:\/\/[^\s"'<>)\]]+/g)) {
      const candidate = match[0].replace(/&amp;/g, "&").replace(/[.,;:!?]+$/, "");
      try {
        if (new URL(candidate).pathname.startsWith(pathPrefix)) return candidate;
      } catch {
        // not a URL after all
      }
    }
  }
  throw new Error(`No link to ${pathPrefix} in mail "${(mail as StoredMail).subject ?? ""}":\n${mail.text}`);
}
