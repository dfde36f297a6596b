import net from "node:net";

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Milliseconds from the first byte sent to the status line received. */
  ms: number;
  /** Body bytes the socket accepted before the answer came or the server closed it. */
  bytesSent: number;
}

export interface RawRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** Sent as is (with Content-Length unless `chunked`). */
  body?: Buffer | string;
  /** A body produced piece by piece until the server answers or closes (for uploads too big to hold). */
  stream?: { chunk: Buffer; total: number; chunked: boolean };
  /** `body` sent `bytes` at a time, one piece every `everyMs` (a slow line), until the server answers or closes. */
  pace?: { bytes: number; everyMs: number };
  timeoutMs?: number;
}

/**
 * One HTTP/1.1 request over a plain socket, for what a browser or fetch() would not send:
 * methods fetch() refuses (TRACE), bodies on GET, bodies of 50 MB written as fast as the
 * server takes them. Resolves when the answer is complete or the server closes the connection.
 */
export function rawRequest(baseURL: string, req: RawRequest): Promise<RawAnswer> {
  const url = new URL(baseURL);
  const timeoutMs = req.timeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port) });
    const started = Date.now();
    let answeredAt: number | null = null;
    let received = Buffer.alloc(0);
    let bytesSent = 0;
    let stopWriting = false;
    let settled = false;
    const timer = setTimeout(() => finish(new Error(`no complete answer to ${req.method} ${req.path} within ${timeoutMs} ms`)), timeoutMs);

    function parse(): RawAnswer | null {
      const end = received.indexOf("\r\n\r\n");
      if (end === -1) return null;
      const [statusLine, ...lines] = received.subarray(0, end).toString("latin1").split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const rest = received.subarray(end + 4);
      const length = headers["content-length"] === undefined ? null : Number(headers["content-length"]);
      let body: string;
      if (req.method === "HEAD" || [204, 304].includes(Number(statusLine!.split(" ")[1]))) {
        body = "";
      } else if (length !== null) {
        if (rest.length < length) return null;
        body = rest.subarray(0, length).toString("utf8");
      } else if (headers["transfer-encoding"]?.includes("chunked")) {
        const text = rest.toString("latin1");
        if (!text.includes("\r\n0\r\n\r\n") && !text.startsWith("0\r\n\r\n")) return null;
        body = Buffer.from(text.replace(/(^|\r\n)[0-9a-f]+\r\n/gi, "").replace(/\r\n$/, ""), "latin1").toString("utf8");
      } else {
        body = rest.toString("utf8");
      }
      return { status: Number(statusLine!.split(" ")[1]), headers, body, ms: (answeredAt ?? Date.now()) - started, bytesSent };
    }

    function finish(error: Error | null) {
      if (settled) return;
      settled = true;
      stopWriting = true;
      clearTimeout(timer);
      socket.destroy();
      const answer = parse();
      if (answer) resolve(answer);
      else reject(error ?? new Error(`connection closed without an answer to ${req.method} ${req.path} (${bytesSent} body bytes sent)`));
    }

    socket.on("data", (data: Buffer) => {
      answeredAt ??= Date.now();
      received = Buffer.concat([received, data]);
      const answer = parse();
      const delimited = req.method === "HEAD" || answer?.headers["content-length"] !== undefined || !!answer?.headers["transfer-encoding"];
      if (answer && delimited) finish(null);
    });
    socket.on("end", () => finish(null));
    socket.on("close", () => finish(null));
    // A reset while we still write is the server refusing the rest: what was answered counts.
    socket.on("error", (error) => finish(error));

    socket.on("connect", () => void send().catch((error: Error) => finish(error)));

    async function send() {
      const headers: Record<string, string> = { Host: url.host, Connection: "close", ...req.headers };
      const body = typeof req.body === "string" ? Buffer.from(req.body, "utf8") : req.body;
      if (body && !req.stream) headers["Content-Length"] ??= String(body.length);
      if (req.stream) {
        if (req.stream.chunked) headers["Transfer-Encoding"] = "chunked";
        else headers["Content-Length"] = String(req.stream.total);
      }
      const head = `${req.method} ${req.path} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\n\r\n`;
      socket.write(head);
      if (body && req.pace) {
        for (let at = 0; at < body.length && !stopWriting && socket.writable; at += req.pace.bytes) {
          if (at > 0) await new Promise((resolve) => setTimeout(resolve, req.pace!.everyMs));
          if (stopWriting || !socket.writable) break;
          const piece = body.subarray(at, at + req.pace.bytes);
          socket.write(piece);
          bytesSent += piece.length;
        }
      } else if (body) {
        socket.write(body);
        bytesSent = body.length;
      }
      if (!req.stream) return;
      const { chunk, total, chunked } = req.stream;
      while (!stopWriting && bytesSent < total && socket.writable) {
        const piece = chunk.subarray(0, Math.min(chunk.length, total - bytesSent));
        const framed = chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n")]) : piece;
        const more = socket.write(framed);
        bytesSent += piece.length;
        if (!more) {
          await new Promise<void>((resume) => {
            const go = () => {
              socket.off("drain", go);
              socket.off("close", go);
              resume();
            };
            socket.once("drain", go);
            socket.once("close", go);
          });
        }
      }
      if (!stopWriting && chunked && socket.writable) socket.write("0\r\n\r\n");
    }
  });
}
