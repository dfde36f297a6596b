import { FIXTURE_NAMES, mailFixture } from "./mail-fixtures";

// A corpus of broken, hostile and odd messages for POST /inbound/email, generated in code: each
// must be refused with a 4xx or stored safely, never a 500 or a crash. Deterministic (seeded).

export interface CorpusEntry {
  name: string;
  raw: Buffer;
}

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const crlf = (text: string) => Buffer.from(text.replace(/\r?\n/g, "\r\n"), "latin1");
const head = (extra = "", id = "") =>
  `From: Someone <someone@example.org>\nTo: case+abcdefghijklmnopqrstuvwxyz234567@replies.recourse.test\nSubject: Re: Privacy Inquiry\nMessage-ID: <corpus-${id || Math.random().toString(36).slice(2)}@example.org>\n${extra}`;

function nested(depth: number): string {
  let open = "";
  let close = "";
  for (let i = 0; i < depth; i++) {
    open += `Content-Type: multipart/mixed; boundary="b${i}"\n\n--b${i}\n`;
    close = `\n--b${i}--\n` + close;
  }
  return `${open}Content-Type: text/plain\n\ndeep inside${close}`;
}

export function malformedCorpus(): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  const add = (name: string, raw: Buffer | string) => out.push({ name, raw: typeof raw === "string" ? crlf(raw) : raw });
  const rnd = seeded(20261129);

  // Truncated at several points: every fixture, five cuts each.
  for (const f of FIXTURE_NAMES) {
    const full = mailFixture(f, {}, { messageId: `<trunc-${f}@example.org>` });
    for (const fraction of [0.05, 0.2, 0.5, 0.8, 0.97]) add(`truncated ${f} at ${fraction}`, full.subarray(0, Math.floor(full.length * fraction)));
  }
  // Random byte damage to every fixture, five times each.
  for (const f of FIXTURE_NAMES) {
    for (let n = 0; n < 5; n++) {
      const bytes = Buffer.from(mailFixture(f, {}, { messageId: `<flip-${f}-${n}@example.org>` }));
      for (let k = 0; k < 20; k++) bytes[Math.floor(rnd() * bytes.length)] = Math.floor(rnd() * 256);
      add(`bytes flipped in ${f} #${n}`, bytes);
    }
  }
  // Broken MIME structure.
  add("boundary never closed", head('Content-Type: multipart/mixed; boundary="x"\n', "b1") + "\n--x\nContent-Type: text/plain\n\nhello\n");
  add("boundary missing from the header", head("Content-Type: multipart/mixed\n", "b2") + "\n--x\nContent-Type: text/plain\n\nhello\n--x--\n");
  add("boundary that never appears", head('Content-Type: multipart/alternative; boundary="nope"\n', "b3") + "\nsome text\n");
  add("empty boundary", head('Content-Type: multipart/mixed; boundary=""\n', "b4") + "\n--\n\nx\n----\n");
  add("boundary 5000 characters long", head(`Content-Type: multipart/mixed; boundary="${"b".repeat(5000)}"\n`, "b5") + `\n--${"b".repeat(5000)}\n\nx\n--${"b".repeat(5000)}--\n`);
  add("part without headers", head('Content-Type: multipart/mixed; boundary="x"\n', "b6") + "\n--x\n\n--x\n\n--x--\n");
  add("message/rfc822 inside itself, truncated", head('Content-Type: message/rfc822\n', "b7") + "\n" + head('Content-Type: message/rfc822\n', "b7i") + "\nFrom:");
  add("multipart/report without parts", head('Content-Type: multipart/report; report-type=delivery-status; boundary="r"\n', "b8") + "\n--r--\n");
  // Deep nesting.
  for (const depth of [20, 100, 500, 2000]) add(`multipart nested ${depth} deep`, head("", `n${depth}`) + nested(depth));
  // Huge headers.
  add("one header of 512 KB", head(`X-Long: ${"a".repeat(512 * 1024)}\n`, "h1") + "\nbody\n");
  add("20,000 headers", head(Array.from({ length: 20_000 }, (_, i) => `X-H${i}: v\n`).join(""), "h2") + "\nbody\n");
  add("a folded header of 10,000 lines", head(`X-Folded: a\n${" b\n".repeat(10_000)}`, "h3") + "\nbody\n");
  add("subject of 100 KB", head(`Subject: ${"s".repeat(100 * 1024)}\n`, "h4") + "\nbody\n");
  add("5,000 recipients", head(`Cc: ${Array.from({ length: 5000 }, (_, i) => `p${i}@example.org`).join(", ")}\n`, "h5") + "\nbody\n");
  add("References with 10,000 ids", head(`References: ${Array.from({ length: 10_000 }, (_, i) => `<r${i}@example.org>`).join(" ")}\n`, "h6") + "\nbody\n");
  add("no header/body separator", head("", "h7") + "body right after the headers with no blank line");
  add("only headers", head("", "h8"));
  add("header name with spaces and colons", head("Bad Header: x\n:::\n", "h9") + "\nbody\n");
  // NUL and other control bytes.
  add("NUL in the body", Buffer.concat([crlf(head("", "z1") + "\nbefore "), Buffer.from([0, 0, 0]), crlf(" after\n")]));
  add("NUL in the subject", Buffer.concat([crlf("From: a@example.org\nSubject: x"), Buffer.from([0]), crlf("y\nMessage-ID: <z2@example.org>\n\nbody\n")]));
  add("NUL in the From address", Buffer.concat([crlf("From: a"), Buffer.from([0]), crlf("@example.org\nMessage-ID: <z3@example.org>\n\nbody\n")]));
  add("NUL in the Message-ID", Buffer.concat([crlf("From: a@example.org\nMessage-ID: <z4"), Buffer.from([0]), crlf("@example.org>\n\nbody\n")]));
  add("NUL in an HTML-only body", Buffer.concat([crlf(head("Content-Type: text/html\n", "z5") + "\n<p>a"), Buffer.from([0]), crlf("b</p>\n")]));
  add("escape sequences and bidi overrides", head("", "z6") + "\n\u001b[31mred\u001b[0m \u202egnp.exe\n");
  // Charsets and transfer encodings.
  add("unknown charset", head("Content-Type: text/plain; charset=x-klingon\n", "c1") + "\nqapla'\n");
  add("UTF-7", head("Content-Type: text/plain; charset=utf-7\n", "c2") + "\n+AGEAYgBj-\n");
  add("invalid UTF-8", Buffer.concat([crlf(head("Content-Type: text/plain; charset=utf-8\n", "c3") + "\n"), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xed, 0xa0, 0x80])]));
  add("lone surrogates in an encoded word", head("", "c4").replace("Subject: Re: Privacy Inquiry", "Subject: =?utf-8?B?7aCA?=") + "\nbody\n");
  add("base64 that is not base64", head("Content-Transfer-Encoding: base64\n", "c5") + "\n!!!!@@@@####\n");
  add("quoted-printable with broken escapes", head("Content-Transfer-Encoding: quoted-printable\n", "c6") + "\n=ZZ=4=\n=\n");
  add("unknown transfer encoding", head("Content-Transfer-Encoding: x-uuencode-ish\n", "c7") + "\nbody\n");
  add("encoded word with an unknown charset", head("", "c8").replace("Subject: Re: Privacy Inquiry", "Subject: =?x-nope?Q?abc?=") + "\nbody\n");
  // Addresses.
  add("no From at all", "To: x@example.org\nMessage-ID: <a1@example.org>\nSubject: hi\n\nbody\n");
  add("From that is not an address", "From: <<<>>>\nMessage-ID: <a2@example.org>\n\nbody\n");
  add("three From headers", "From: a@example.org\nFrom: b@example.org\nFrom: c@example.org\nMessage-ID: <a3@example.org>\n\nbody\n");
  add("group syntax sender", "From: Friends: a@example.org, b@example.org;\nMessage-ID: <a4@example.org>\n\nbody\n");
  add("address of 10,000 characters", `From: ${"x".repeat(10_000)}@example.org\nMessage-ID: <a5@example.org>\n\nbody\n`);
  add("token in a mixed-case address", head("", "a6").replace("case+abcdefghijklmnopqrstuvwxyz234567", "CASE+ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") + "\nbody\n");
  add("header injection in Message-ID", "From: a@example.org\nMessage-ID: <a7@example.org> <a8@example.org>\n Bcc: victim@example.org\n\nbody\n");
  add("Message-ID of 5,000 characters", `From: a@example.org\nMessage-ID: <${"m".repeat(5000)}@example.org>\n\nbody\n`);
  // HTML and attachments.
  add("HTML of 50,000 nested divs", head("Content-Type: text/html\n", "w1") + "\n" + "<div>".repeat(50_000) + "deep" + "</div>".repeat(50_000) + "\n");
  add("HTML with scripts and remote content only", head("Content-Type: text/html\n", "w2") + '\n<script>fetch("https://evil.example")</script><img src="https://evil.example/x.png"><iframe src="https://evil.example"></iframe>\n');
  add("attachment with a path-traversal name", head('Content-Type: multipart/mixed; boundary="x"\n', "w3") + '\n--x\nContent-Type: text/plain\n\nsee file\n--x\nContent-Type: application/pdf\nContent-Disposition: attachment; filename="../../etc/passwd"\nContent-Transfer-Encoding: base64\n\nJVBERi0=\n--x--\n');
  add("attachment with an RTL-override name", head('Content-Type: multipart/mixed; boundary="x"\n', "w4") + '\n--x\nContent-Type: application/octet-stream\nContent-Disposition: attachment; filename*=UTF-8\'\'invoice%E2%80%AEfdp.exe\n\nMZ\n--x--\n');
  add("content type that is garbage", head("Content-Type: ;;;===///\n", "w5") + "\nbody\n");
  // Not mail at all.
  for (let n = 0; n < 5; n++) add(`random bytes #${n}`, Buffer.from(Array.from({ length: 4096 }, () => Math.floor(rnd() * 256))));
  add("a single newline", "\n");
  add("JSON", '{"from":"a@example.org","text":"hello"}');
  add("an HTML page", "<!doctype html><html><body><form action=/x></form></body></html>");
  return out;
}
