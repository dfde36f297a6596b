import { Transform, type Readable } from "node:stream";
import type { NextFunction, Request, Response } from "express";
import { inboundMailMaxBytes } from "../app/mail/inbound/limits";

/**
 * The gate every request passes before Remix sees it: methods, the address, cookies, and the
 * body, which is read here (within limits, checked, and handed to Remix by
 * server/remix-handler.ts). A request that fails a check is answered at once with a short
 * plain-text reason, so nothing outside can make the app parse, store or choke on it.
 * See docs/decisions/008-request-limits.md.
 */

export const ALLOWED_METHODS = ["GET", "HEAD", "POST", "OPTIONS"] as const;

export interface RequestLimits {
  /** Largest form body in bytes (MAX_FORM_BYTES, default 1 MiB). */
  maxFormBytes: number;
  /** Most fields in one form (MAX_FORM_FIELDS, default 1,000). */
  maxFormFields: number;
  /** Longest single field name or value in bytes, once decoded (MAX_FIELD_BYTES, default 100 KiB). */
  maxFieldBytes: number;
  /** How long a body may take to arrive, in ms (BODY_TIMEOUT_MS, default 30 s). */
  bodyTimeoutMs: number;
  /**
   * Uploads get BODY_TIMEOUT_MS plus one second for each this many bytes that have arrived
   * (UPLOAD_MIN_BYTES_PER_SECOND, default 8 KiB, 64 kbit/s): see bodyDeadlineMs.
   */
  minUploadBytesPerSecond: number;
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  return Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

/** Read on each request, so a changed environment takes effect at once (tests rely on it). */
export function requestLimits(): RequestLimits {
  return {
    maxFormBytes: positiveInt("MAX_FORM_BYTES", 1024 * 1024),
    maxFormFields: positiveInt("MAX_FORM_FIELDS", 1000),
    maxFieldBytes: positiveInt("MAX_FIELD_BYTES", 100 * 1024),
    bodyTimeoutMs: positiveInt("BODY_TIMEOUT_MS", 30_000),
    minUploadBytesPerSecond: positiveInt("UPLOAD_MIN_BYTES_PER_SECOND", 8 * 1024),
  };
}

/**
 * How long after it began a body that is still arriving is refused (408), given the bytes
 * received so far. A form (at most 1 MiB) has BODY_TIMEOUT_MS. An upload may be 36 MB, which
 * takes minutes on a slow line: it has BODY_TIMEOUT_MS plus the time its bytes would take at
 * UPLOAD_MIN_BYTES_PER_SECOND (Apache's mod_reqtimeout does the same). A connection that keeps
 * that pace finishes; one that trickles (a few bytes, then nothing) is cut after BODY_TIMEOUT_MS.
 */
export function bodyDeadlineMs(rule: BodyRule, limits: RequestLimits, receivedBytes: number): number {
  if (rule.check !== "stream") return limits.bodyTimeoutMs;
  return limits.bodyTimeoutMs + Math.floor((receivedBytes * 1000) / limits.minUploadBytesPerSecond);
}

/**
 * What a request body may be at a given address. Today every action takes an HTML form
 * (urlencoded: what Remix's <Form> sends with and without JavaScript). The rules are tried in
 * order and the first whose `path` matches decides; to accept another kind of body, put a rule
 * before `forms`, e.g. attachments (multipart/form-data with their own MAX_UPLOAD_BYTES, read by
 * the route as a stream: `check: "stream"`) or `POST /inbound/email` (message/rfc822 raw bytes,
 * `check: "bytes"`).
 */
export interface BodyRule {
  name: string;
  path: RegExp;
  /** Media types accepted (lower case, without parameters). */
  types: readonly string[];
  maxBytes: (limits: RequestLimits) => number;
  /**
   * "form": buffered, then field count, field length, encoding and control characters checked.
   * "bytes": buffered and size-limited only. "stream": size-limited while Remix reads it (and
   * held to its deadline here, holdToDeadline).
   */
  check: "form" | "bytes" | "stream";
  /**
   * The rule applies only to bodies of its own types; others go on to the next rule (so the
   * pages that take files still take their urlencoded forms).
   */
  onlyItsTypes?: boolean;
}

export const FORM_TYPE = "application/x-www-form-urlencoded";

/** Multipart form-data, for the forms that carry files (docs/decisions/016-attachments.md). */
export const MULTIPART_TYPE = "multipart/form-data";

function positiveEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]?.trim() || NaN);
  return Number.isSafeInteger(value) && value > 0 ? value : fallback;
}

export const BODY_RULES: BodyRule[] = [
  {
    // The complaint form, the case pages' forms and the staff's new-case form (and their `.data`
    // single-fetch URLs). Streamed: app/lib/uploads.server.ts counts each file and the total
    // while it reads. Here only the declared size: all files, plus their parts' headers and the
    // text fields, plus one file more so that a person over the total is told so on the page.
    name: "uploads",
    path: /^\/(?:complain(?:\.data)?|cases\/[^/]+|my\/cases\/[^/]+)$/,
    types: [MULTIPART_TYPE],
    maxBytes: (l) => positiveEnv("ATTACHMENT_MAX_MESSAGE_BYTES", 25 * 1024 * 1024) + positiveEnv("ATTACHMENT_MAX_FILE_BYTES", 10 * 1024 * 1024) + l.maxFormBytes,
    check: "stream",
    onlyItsTypes: true,
  },
  // Raw RFC 822 mail from a provider's inbound webhook (signature checked by the route).
  {
    name: "inbound mail",
    path: /^\/inbound\/email\/?$/,
    types: ["message/rfc822", "text/plain", "application/octet-stream"],
    maxBytes: () => inboundMailMaxBytes(),
    check: "bytes",
  },
  { name: "forms", path: /^\//, types: [FORM_TYPE], maxBytes: (l) => l.maxFormBytes, check: "form" },
];

export type Refusal = { status: 400 | 403 | 405 | 408 | 413 | 415; message: string; headers?: Record<string, string> };

// C0 controls except tab, LF and CR; and DEL. Text in this app never needs them, and NUL cannot
// be stored in PostgreSQL text at all.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text);
}

// An address or a cookie has no business with line breaks or tabs either.
// eslint-disable-next-line no-control-regex
const ANY_CONTROL = /[\u0000-\u001F\u007F]/;

function size(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

/** decodeURIComponent refuses bad percent-encoding and encoded invalid UTF-8 (lone surrogates included). */
function decodeComponent(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Checks an urlencoded form in one pass: valid UTF-8, well-formed percent-encoding, at most
 * maxFormFields fields, each name and value at most maxFieldBytes once decoded, no control
 * characters. Returns the refusal, or null when the form may go on to the route.
 */
export function checkForm(body: Uint8Array, limits: RequestLimits): Refusal | null {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return { status: 400, message: "Refused: the form is not valid UTF-8 text." };
  }
  let fields = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("&", start);
    if (end === -1) end = text.length;
    if (end > start) {
      fields++;
      if (fields > limits.maxFormFields) {
        return { status: 413, message: `Refused: the form has more than ${limits.maxFormFields} fields.` };
      }
      const pair = text.slice(start, end);
      const eq = pair.indexOf("=");
      for (const part of eq === -1 ? [pair] : [pair.slice(0, eq), pair.slice(eq + 1)]) {
        const decoded = decodeComponent(part.includes("+") ? part.replace(/\+/g, " ") : part);
        if (decoded === null) return { status: 400, message: "Refused: the form is not correctly encoded." };
        if (Buffer.byteLength(decoded) > limits.maxFieldBytes) {
          return { status: 413, message: `Refused: a field of the form is longer than ${size(limits.maxFieldBytes)}.` };
        }
        if (hasControlCharacter(decoded)) {
          return { status: 400, message: "Refused: the form contains a control character (such as a NUL byte), which text cannot contain." };
        }
      }
    }
    start = end + 1;
  }
  return null;
}

/** The path and query string: well-formed percent-encoding and no control characters. */
export function checkTarget(url: string): Refusal | null {
  // Only a path (origin-form): "*" (asterisk-form) and "http://host/path" (absolute-form, meant for proxies) are not pages of ours.
  if (!url.startsWith("/")) return { status: 400, message: "Refused: the request target must be a path on this server." };
  const q = url.indexOf("?");
  const path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? "" : url.slice(q + 1);
  const refusal: Refusal = { status: 400, message: "Refused: the address is not correctly encoded or contains a control character." };
  const decodedPath = decodeComponent(path);
  if (decodedPath === null || ANY_CONTROL.test(decodedPath)) return refusal;
  if (query) {
    for (const part of query.split(/[&=]/)) {
      const decoded = decodeComponent(part.includes("+") ? part.replace(/\+/g, " ") : part);
      if (decoded === null || ANY_CONTROL.test(decoded)) return refusal;
    }
  }
  return null;
}

/** The app builds absolute URLs from Host (an unparsable one, like port 99999, is not a page of ours). */
export function validHost(host: string | string[] | undefined): boolean {
  if (typeof host !== "string" || host === "") return host === undefined;
  if (!/^[^\s/?#@\\]+$/.test(host)) return false;
  try {
    return new URL(`http://${host}/`).host !== "";
  } catch {
    return false;
  }
}

/**
 * Cookies whose name or value cannot be decoded are dropped, as if never sent: a garbled cookie
 * from another app on the same host must not stop anyone from using this one (the session
 * cookie's parser decodes every name it meets, and throws on "%").
 */
export function cleanCookieHeader(header: string): string {
  return header
    .split(";")
    .map((pair) => pair.trim())
    .filter((pair) => {
      if (!pair) return false;
      const eq = pair.indexOf("=");
      const value = eq === -1 ? pair : pair.slice(eq + 1);
      const name = eq === -1 ? "" : pair.slice(0, eq);
      const decoded = decodeComponent(value);
      const decodedName = decodeComponent(name);
      return decoded !== null && decodedName !== null && !ANY_CONTROL.test(decoded) && !ANY_CONTROL.test(decodedName) && !ANY_CONTROL.test(pair);
    })
    .join("; ");
}

export function mediaType(contentType: string | undefined): { type: string; charset: string | null } | null {
  if (!contentType) return null;
  const [type, ...params] = contentType.split(";");
  let charset: string | null = null;
  for (const param of params) {
    const [key, value] = param.split("=");
    if (key?.trim().toLowerCase() === "charset") charset = (value ?? "").trim().replace(/^"|"$/g, "").toLowerCase();
  }
  return { type: type!.trim().toLowerCase(), charset };
}

/** What the gate decides from the request line and headers alone, before any body is read. */
export function checkHead(req: {
  method: string;
  url: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
}, limits: RequestLimits): Refusal | { rule: BodyRule | null } {
  const method = req.method.toUpperCase();
  if (!(ALLOWED_METHODS as readonly string[]).includes(method)) {
    return { status: 405, message: `Refused: the method ${method} is not allowed here. Allowed: ${ALLOWED_METHODS.join(", ")}.`, headers: { Allow: ALLOWED_METHODS.join(", ") } };
  }
  const target = checkTarget(req.url);
  if (target) return target;
  if (!validHost(req.headers.host)) return { status: 400, message: "Refused: the Host header is not a valid host name." };

  const header = (name: string) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
  };
  const lengthHeader = header("content-length");
  const declared = lengthHeader === undefined ? null : Number(lengthHeader);
  const chunked = header("transfer-encoding") !== undefined;
  const hasBody = chunked || (declared !== null && declared > 0);

  if (method !== "POST") {
    if (hasBody) return { status: 400, message: `Refused: a ${method} request carries no body.` };
    return { rule: null };
  }

  const type = mediaType(header("content-type"));
  const rule = BODY_RULES.find((r) => r.path.test(req.path) && (!r.onlyItsTypes || (type !== null && r.types.includes(type.type)))) ?? null;
  if (!rule) return { status: 415, message: "Refused: this address accepts no request body." };
  const encoding = header("content-encoding");
  if (encoding && encoding.trim().toLowerCase() !== "identity") {
    return { status: 415, message: "Refused: compressed request bodies are not accepted." };
  }
  if (type === null) {
    // An empty POST without a type (a bare button, `curl -X POST`) is an empty form.
    if (!hasBody && rule.types.includes(FORM_TYPE)) return { rule };
    return { status: 415, message: `Refused: the body must be ${describeTypes(rule)}.` };
  }
  if (!rule.types.includes(type.type)) {
    return { status: 415, message: `Refused: the body must be ${describeTypes(rule)}, not ${type.type}.` };
  }
  // A raw mail declares its own charsets inside; only forms must be UTF-8.
  if (rule.check === "form" && type.charset !== null && type.charset !== "utf-8" && type.charset !== "utf8") {
    return { status: 415, message: "Refused: the body must be encoded as UTF-8." };
  }
  const max = rule.maxBytes(limits);
  if (declared !== null && declared > max) return tooLarge(max);
  return { rule };
}

function describeTypes(rule: BodyRule): string {
  return rule.types.map((t) => (t === FORM_TYPE ? `an HTML form (${FORM_TYPE})` : t)).join(" or ");
}

function tooLarge(max: number): Refusal {
  return { status: 413, message: `Refused: the request body is larger than ${size(max)}.` };
}

/** Bodies read and checked here, for server/remix-handler.ts to hand to Remix. */
const checkedBodies = new WeakMap<Request, Buffer>();

export function takeCheckedBody(req: Request): Buffer | undefined {
  const body = checkedBodies.get(req);
  checkedBodies.delete(req);
  return body;
}

/** How long a refused upload's connection stays half-open, so the client can read the answer. */
const LINGER_MS = 1_000;

/**
 * Whether the rest of a refused request's body is worth reading: a small one is (Node discards
 * it and the connection serves the next request); one that is too big, or whose size is not
 * declared, is not: the connection is closed instead.
 */
function tooBigToDrain(req: Request): boolean {
  if (req.complete) return false;
  const declared = Number(req.headers["content-length"]);
  return req.headers["transfer-encoding"] !== undefined || !(declared <= requestLimits().maxFormBytes);
}

/**
 * Tells whoever still reads a body that the rest will not come. Node forgets a request once its
 * answer is out, so when the connection closes after that, the request gets no event: an upload's
 * route reading it (a 408 from holdToDeadline) would wait for ever.
 */
function cutOff(req: Request) {
  if (!req.complete && !req.destroyed) req.destroy(new Error("the request body was cut off"));
}

/**
 * Answers a refusal. When the body still on its way is not worth reading, the answer says
 * "Connection: close" and the connection is closed after it: first our side (FIN) while we stop
 * reading, so TCP flow control holds the client back and it can read the answer; a second later
 * for good. Cutting at once would make the kernel send a reset that can destroy the answer
 * unread (Node's own handling of "Connection: close" does that: it destroys the socket the
 * instant the answer is written); reading on would let a 50 MB upload stream into a server that
 * discards it.
 */
export function refuse(req: Request, res: Response, refusal: Refusal, close = tooBigToDrain(req)) {
  if (res.headersSent) {
    req.socket.destroy();
    cutOff(req);
    return;
  }
  if (close) {
    const socket = req.socket;
    res.set("Connection", "close");
    socket.destroySoon = () => socket.end();
    res.on("finish", () => {
      // Node resumes an unread request when its answer finishes (to discard the rest): undo that.
      req.pause();
      socket.end();
      const timer = setTimeout(() => socket.destroy(), LINGER_MS);
      timer.unref();
      socket.once("close", () => {
        clearTimeout(timer);
        cutOff(req);
      });
    });
  }
  res.status(refusal.status).set(refusal.headers ?? {}).type("text/plain; charset=utf-8").send(refusal.message);
}

const TOO_SLOW: Refusal = { status: 408, message: "Refused: the request body took too long to arrive." };

/**
 * A streamed body (uploads) is read by the route, not here, and is held to its deadline all the
 * same (bodyDeadlineMs): when it is not all there in time, the 408 goes out and the connection is
 * closed, whatever the route is doing (its answer is then dropped, server/remix-handler.ts). The
 * bytes that have arrived are counted on the socket, so the route's reading is left alone.
 */
function holdToDeadline(req: Request, res: Response, rule: BodyRule, limits: RequestLimits) {
  const socket = req.socket;
  const started = Date.now();
  const readBefore = socket.bytesRead;
  let timer: NodeJS.Timeout;
  const wait = (ms: number) => {
    timer = setTimeout(check, ms);
    timer.unref();
  };
  const check = () => {
    if (req.complete) return;
    const left = started + bodyDeadlineMs(rule, limits, socket.bytesRead - readBefore) - Date.now();
    if (left > 0) return wait(left);
    refuse(req, res, TOO_SLOW, true);
  };
  wait(limits.bodyTimeoutMs);
  const stop = () => clearTimeout(timer);
  req.once("end", stop);
  req.once("close", stop);
}

/** Streamed bodies (uploads), counted on their way to Remix: server/remix-handler.ts reads them. */
const streamedBodies = new WeakMap<Request, Readable>();

export function takeStreamedBody(req: Request): Readable | undefined {
  const body = streamedBodies.get(req);
  streamedBodies.delete(req);
  return body;
}

/**
 * A streamed body is held to its rule's size as it arrives, whatever Content-Length said (a
 * chunked body declares none): the route reads the bytes through a counter, which stops at the
 * limit, answers 413 as for a declared length and closes the connection. Without it a chunked
 * multipart body could run on for ever, and the multipart parser keeps a part's header line in
 * memory until it ends.
 */
function holdToSize(req: Request, res: Response, max: number): Readable {
  let received = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received <= max) return callback(null, chunk);
      // Not destroyed: that would reset the connection before the 413 is read (see refuse).
      req.unpipe(counted);
      refuse(req, res, tooLarge(max), true);
      callback(new Error("the request body is larger than its limit"));
    },
  });
  // Read by nobody, or no longer: the error ends the reading, and must not end the process.
  counted.on("error", () => {});
  // Cut off (a 408, the client gone): whoever reads the body is told.
  req.once("error", (error) => counted.destroy(error));
  req.once("close", () => {
    if (!req.complete) counted.destroy(new Error("the request body was cut off"));
  });
  return req.pipe(counted);
}

export function guardRequests(req: Request, res: Response, next: NextFunction) {
  const limits = requestLimits();
  const method = req.method.toUpperCase();
  const verdict = checkHead(req, limits);
  if ("status" in verdict) return refuse(req, res, verdict);

  if (typeof req.headers.cookie === "string") {
    const cleaned = cleanCookieHeader(req.headers.cookie);
    if (cleaned) req.headers.cookie = cleaned;
    else delete req.headers.cookie;
  }

  if (method === "OPTIONS") {
    res.status(204).set("Allow", ALLOWED_METHODS.join(", ")).end();
    return;
  }
  const rule = verdict.rule;
  if (!rule) return next();
  if (rule.check === "stream") {
    // The route reads it, and enforces its limits on each file and field; the total size and
    // the time are enforced here.
    holdToDeadline(req, res, rule, limits);
    streamedBodies.set(req, holdToSize(req, res, rule.maxBytes(limits)));
    return next();
  }
  if (req.headers["content-type"] === undefined) req.headers["content-type"] = FORM_TYPE;

  const max = rule.maxBytes(limits);
  const chunks: Buffer[] = [];
  let received = 0;
  let done = false;
  const finish = (refusal: Refusal | null) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    req.off("data", onData);
    req.off("end", onEnd);
    req.off("error", onError);
    if (refusal) return refuse(req, res, refusal, !req.complete);
    const body = Buffer.concat(chunks, received);
    if (rule.check === "form") {
      const formRefusal = checkForm(body, limits);
      if (formRefusal) return refuse(req, res, formRefusal, false);
    }
    checkedBodies.set(req, body);
    next();
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received > max) return finish(tooLarge(max));
    chunks.push(chunk);
  };
  const onEnd = () => finish(null);
  // The client went away: nobody is left to answer.
  const onError = () => {
    done = true;
    clearTimeout(timer);
    req.socket.destroy();
  };
  const timer = setTimeout(() => finish(TOO_SLOW), bodyDeadlineMs(rule, limits, 0));
  timer.unref();
  req.on("data", onData);
  req.on("end", onEnd);
  req.on("error", onError);
}
