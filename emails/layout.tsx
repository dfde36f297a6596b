import type { CSSProperties, ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { operator } from "../app/config/operator.server";
import type { RenderedEmail } from "./shared";

/** A paragraph, or a bulleted list. */
export type Block = string | { list: string[] };

/**
 * The words of one message. Each template builds one of these; the HTML (a React tree
 * around the shared layout) and the plain text are both rendered from it, so they say
 * the same thing.
 */
export interface MessageContent {
  subject: string;
  /** The line mail clients show beside the subject. */
  preview: string;
  heading: string;
  recipientName?: string | undefined;
  /** Before the link. */
  body: Block[];
  action?: { label: string; url: string } | undefined;
  /** After the link. */
  after?: Block[] | undefined;
  /** Shown in the footer ("please keep ... in the subject"). */
  reference?: string | undefined;
}

const colors = { text: "#1f2933", muted: "#52606d", rule: "#d9e2ec", accent: "#1d4e89", page: "#f5f7fa" };
const font = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

const styles = {
  body: { margin: 0, padding: 0, backgroundColor: colors.page, fontFamily: font, color: colors.text },
  container: { maxWidth: "600px", margin: "0 auto", padding: "24px 16px" },
  card: { backgroundColor: "#ffffff", border: `1px solid ${colors.rule}`, borderRadius: "6px", padding: "24px" },
  brand: { margin: "0 0 16px", fontSize: "13px", letterSpacing: "0.04em", textTransform: "uppercase", color: colors.muted },
  heading: { margin: "0 0 16px", fontSize: "20px", lineHeight: "28px", fontWeight: 600 },
  p: { margin: "0 0 16px", fontSize: "16px", lineHeight: "24px" },
  list: { margin: "0 0 16px", paddingLeft: "20px", fontSize: "16px", lineHeight: "24px" },
  button: {
    display: "inline-block", backgroundColor: colors.accent, color: "#ffffff", padding: "12px 20px", borderRadius: "4px",
    fontSize: "16px", fontWeight: 600, textDecoration: "none",
  },
  linkText: { margin: "0 0 16px", fontSize: "13px", lineHeight: "20px", color: colors.muted, wordBreak: "break-all" },
  footer: { padding: "16px 8px 0", fontSize: "13px", lineHeight: "20px", color: colors.muted },
  preview: { display: "none", overflow: "hidden", maxHeight: 0, maxWidth: 0, opacity: 0, fontSize: "1px", lineHeight: "1px" },
} satisfies Record<string, CSSProperties>;

function Blocks({ blocks }: { blocks: Block[] }) {
  return (
    <>
      {blocks.map((block, i) =>
        typeof block === "string" ? (
          <p key={i} style={styles.p}>
            {block}
          </p>
        ) : (
          <ul key={i} style={styles.list}>
            {block.list.map((item, j) => (
              <li key={j}>{item}</li>
            ))}
          </ul>
        ),
      )}
    </>
  );
}

function footerLines(reference: string | undefined): string[] {
  return [
    "We never put the contents of a case in e-mail; you read and answer them on the case page.",
    reference
      ? `If you write to us by e-mail, please put “Privacy Inquiry ${reference}” in the subject.`
      : "If you write to us by e-mail, please put “Privacy Inquiry” in the subject.",
  ];
}

/** The shared frame of every message: operator's name on top, the Security Officer's contact details below. */
export function Layout({ title, preview, reference, children }: { title: string; preview: string; reference?: string | undefined; children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        <meta httpEquiv="Content-Type" content="text/html; charset=UTF-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
      </head>
      <body style={styles.body}>
        <div style={styles.preview}>{preview}</div>
        <div style={styles.container}>
          <p style={styles.brand}>{operator.name} · Privacy Inquiry</p>
          <div style={styles.card}>{children}</div>
          <div style={styles.footer}>
            {footerLines(reference).map((line, i) => (
              <p key={i} style={{ margin: "0 0 8px" }}>
                {line}
              </p>
            ))}
            <p style={{ margin: "8px 0 0" }}>
              Security Officer, {operator.name}
              <br />
              {operator.address}
              <br />
              Phone: {operator.phone}
              <br />
              E-mail: <a href={`mailto:${operator.email}`} style={{ color: colors.muted }}>{operator.email}</a>
            </p>
          </div>
        </div>
      </body>
    </html>
  );
}

/** One message's content inside the layout. */
export function Message({ content }: { content: MessageContent }) {
  return (
    <Layout title={content.subject} preview={content.preview} reference={content.reference}>
      <h1 style={styles.heading}>{content.heading}</h1>
      <p style={styles.p}>{content.recipientName ? `Hello ${content.recipientName},` : "Hello,"}</p>
      <Blocks blocks={content.body} />
      {content.action ? (
        <>
          <p style={{ margin: "8px 0 16px" }}>
            <a href={content.action.url} style={styles.button}>
              {content.action.label}
            </a>
          </p>
          <p style={styles.linkText}>
            If the button does not work, copy this link into your browser:{" "}
            <a href={content.action.url} style={{ color: colors.muted }}>
              {content.action.url}
            </a>
          </p>
        </>
      ) : null}
      {content.after ? <Blocks blocks={content.after} /> : null}
      <p style={styles.p}>
        Kind regards,
        <br />
        Security Officer, {operator.name}
      </p>
    </Layout>
  );
}

function textBlocks(blocks: Block[]): string[] {
  return blocks.map((block) => (typeof block === "string" ? block : block.list.map((item) => `- ${item}`).join("\n")));
}

/** The plain-text twin of <Message>. */
export function messageText(content: MessageContent): string {
  const parts: string[] = [content.heading, content.recipientName ? `Hello ${content.recipientName},` : "Hello,", ...textBlocks(content.body)];
  if (content.action) parts.push(`${content.action.label}:\n${content.action.url}`);
  if (content.after) parts.push(...textBlocks(content.after));
  parts.push(`Kind regards,\nSecurity Officer, ${operator.name}`);
  parts.push(
    [
      "-- ",
      ...footerLines(content.reference),
      "",
      `Security Officer, ${operator.name}`,
      operator.address,
      `Phone: ${operator.phone}`,
      `E-mail: ${operator.email}`,
    ].join("\n"),
  );
  return parts.join("\n\n") + "\n";
}

/** Subject, HTML (React, static markup) and text of one message. */
export function renderMessage(content: MessageContent): RenderedEmail {
  return {
    subject: content.subject,
    html: `<!DOCTYPE html>${renderToStaticMarkup(<Message content={content} />)}`,
    text: messageText(content),
  };
}
