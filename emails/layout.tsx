import type { CSSProperties } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { Body, Button, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import { toPlainText } from "@react-email/render";
import { operator } from "../app/config/operator.server";
import { translatorFor, type Locale, type Translate } from "../app/i18n";
import { safeLinksInText } from "./links";
import type { RenderedEmail } from "./shared";

/** A paragraph, or a bulleted list. */
export type Block = string | { list: string[] };

/**
 * The words of one message. Each template builds one of these; the HTML (react-email components
 * in the shared layout) is rendered from it, and the plain text from that HTML, so they say the
 * same thing.
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
  /**
   * True when a reply to this mail reaches the case (inbound mail configured, Reply-To set); only
   * then does the footer say "reply to this e-mail". Left out: the mail points to the case page.
   */
  replyByMail?: boolean | { everyone: string } | undefined;
  /** The language of the frame (greeting, footer); English when left out. The template writes its own words in it too. */
  locale?: Locale | undefined;
}

const colors = { text: "#1f2933", muted: "#52606d", rule: "#d9e2ec", accent: "#1d4e89", page: "#f5f7fa" };
const font = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

const styles = {
  body: { margin: 0, padding: 0, backgroundColor: colors.page, fontFamily: font, color: colors.text },
  container: { maxWidth: "600px", margin: "0 auto", padding: "24px 16px" },
  card: { backgroundColor: "#ffffff", border: `1px solid ${colors.rule}`, borderRadius: "6px", padding: "24px" },
  brand: { margin: "0 0 16px", fontSize: "13px", lineHeight: "20px", letterSpacing: "0.04em", textTransform: "uppercase", color: colors.muted },
  heading: { margin: "0 0 16px", fontSize: "20px", lineHeight: "28px", fontWeight: 600 },
  p: { margin: "0 0 16px", fontSize: "16px", lineHeight: "24px" },
  list: { margin: "0 0 16px", paddingLeft: "20px", fontSize: "16px", lineHeight: "24px" },
  button: {
    backgroundColor: colors.accent, color: "#ffffff", padding: "12px 20px", borderRadius: "4px",
    fontSize: "16px", fontWeight: 600, textDecoration: "none",
  },
  linkText: { margin: "0 0 16px", fontSize: "13px", lineHeight: "20px", color: colors.muted, wordBreak: "break-all" },
  rule: { borderColor: colors.rule, margin: "16px 0" },
  footer: { margin: "0 0 8px", fontSize: "13px", lineHeight: "20px", color: colors.muted },
} satisfies Record<string, CSSProperties>;

function Blocks({ blocks }: { blocks: Block[] }) {
  return (
    <>
      {blocks.map((block, i) =>
        typeof block === "string" ? (
          <Text key={i} style={styles.p}>
            {block}
          </Text>
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

/** The footer's words about writing back: a reply promise only when a reply reaches the case. */
export function footerLines(reference: string | undefined, replyByMail: boolean | { everyone: string }, t: Translate = translatorFor("en")): string[] {
  if (reference && typeof replyByMail === "object") {
    // Staff: a reply is a staff note unless they choose the complainant too (ADR 024).
    return [
      t("mail.footer.noContent"),
      t("mail.footer.staffReply", { reference }),
      t("mail.footer.staffEveryone", { address: replyByMail.everyone }),
    ];
  }
  if (reference && replyByMail) {
    return [t("mail.footer.noContent"), t("mail.footer.reply", { reference })];
  }
  return [t("mail.footer.noContentAnswer"), reference ? t("mail.footer.subjectCase", { reference }) : t("mail.footer.subject")];
}

/** One message's content inside the shared frame: operator's name on top, the Security Officer's contact details below. */
export function Message({ content }: { content: MessageContent }) {
  const { action } = content;
  const locale = content.locale ?? "en";
  const t = translatorFor(locale);
  return (
    <Html lang={locale}>
      <Head>
        <title>{content.subject}</title>
      </Head>
      <Preview>{content.preview}</Preview>
      <Body style={styles.body}>
        <Container style={styles.container}>
          <Text style={styles.brand}>{t("mail.brand", { operator: operator.name })}</Text>
          <Section style={styles.card}>
            <Heading as="h1" style={styles.heading}>
              {content.heading}
            </Heading>
            <Text style={styles.p}>{content.recipientName ? t("mail.greeting.named", { name: content.recipientName }) : t("mail.greeting.anonymous")}</Text>
            <Blocks blocks={content.body} />
            {action ? (
              <>
                <Section style={{ margin: "8px 0 16px" }}>
                  {/* In text: the label, then the URL on its own line (see textOptions). */}
                  <Button href={action.url} style={styles.button} data-action-label={action.label}>
                    {action.label}
                  </Button>
                </Section>
                <Text style={styles.linkText} data-skip-in-text="true">
                  {t("mail.buttonFallback")}
                  <br />
                  <Link href={action.url} style={{ color: colors.muted }}>
                    {action.url}
                  </Link>
                </Text>
              </>
            ) : null}
            {content.after ? <Blocks blocks={content.after} /> : null}
            <Text style={styles.p}>
              {t("mail.regards")}
              <br />
              {t("mail.signature", { operator: operator.name })}
            </Text>
          </Section>
          <Hr style={styles.rule} />
          <Section>
            {footerLines(content.reference, content.replyByMail ?? false, t).map((line, i) => (
              <Text key={i} style={styles.footer}>
                {line}
              </Text>
            ))}
            <Text style={styles.footer}>
              {t("mail.signature", { operator: operator.name })}
              <br />
              {operator.address}
              <br />
              {t("mail.footer.phone", { phone: operator.phone })}
              <br />
              {t("mail.footer.email")}{" "}
              <Link href={`mailto:${operator.email}`} style={{ color: colors.muted }} data-text-plain="true">
                {operator.email}
              </Link>
            </Text>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

/** The doctype @react-email/render's render() puts in front of every message (kept the same here). */
const DOCTYPE = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';

/**
 * The HTML of one message. @react-email/render's render() is asynchronous (it streams, for Suspense);
 * our components are synchronous, so rendering them with react-dom's static renderer gives the same
 * markup (a unit test compares the two) and keeps every template a plain synchronous function.
 */
export function messageHtml(content: MessageContent): string {
  return DOCTYPE + renderToStaticMarkup(<Message content={content} />);
}

interface TextBuilder {
  openBlock(options: { leadingLineBreaks: number }): void;
  closeBlock(options: { trailingLineBreaks: number }): void;
  addInline(text: string, options?: { noWordTransform?: boolean }): void;
  addLineBreak(): void;
}

/** html-to-text options on top of react-email's plainText defaults. */
const textOptions = {
  selectors: [
    // The action button: "Label:" and the URL alone on the next line (never followed by punctuation).
    { selector: "a[data-action-label]", format: "actionLink" },
    { selector: "a[data-text-plain]", format: "anchor", options: { ignoreHref: true } },
    { selector: "h1", options: { uppercase: false } },
    { selector: "ul", options: { itemPrefix: "- " } },
  ],
  formatters: {
    actionLink(elem: { attribs: Record<string, string> }, _walk: unknown, builder: TextBuilder) {
      builder.openBlock({ leadingLineBreaks: 2 });
      builder.addInline(`${elem.attribs["data-action-label"] ?? "Link"}:`);
      builder.addLineBreak();
      builder.addInline(elem.attribs.href ?? "", { noWordTransform: true });
      builder.closeBlock({ trailingLineBreaks: 2 });
    },
  },
} as unknown as Parameters<typeof toPlainText>[1];

/** The plain text of one message, from its HTML (react-email's plainText conversion), links made safe. */
export function messageText(html: string): string {
  return safeLinksInText(toPlainText(html, textOptions)).trim() + "\n";
}

/** Subject, HTML (react-email) and plain text of one message. */
export function renderMessage(content: MessageContent): RenderedEmail {
  const html = messageHtml(content);
  return { subject: content.subject, html, text: messageText(html) };
}
