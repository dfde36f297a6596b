import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/**
 * The colour tokens of app/styles/tokens.css (ADR 036), checked for contrast as WCAG 2.2 counts
 * it: text >= 4.5:1 on every ground it is used on (1.4.3), borders of controls, focus rings and
 * status rules >= 3:1 against what is next to them (1.4.11). The pairs are the ones the
 * components use; a new pairing belongs here too.
 */
const css = readFileSync(new URL("../../app/styles/tokens.css", import.meta.url), "utf8");

function tokens(source: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const [, name, value] of source.matchAll(/--([a-z0-9-]+):\s*(#[0-9a-f]{6})\b/gi)) found.set(name!, value!.toLowerCase());
  return found;
}
const colours = tokens(css);

function colour(name: string): string {
  if (name.startsWith("#")) return name;
  const value = colours.get(name);
  if (!value) throw new Error(`tokens.css has no colour --${name}`);
  return value;
}

/** Relative luminance of an sRGB colour (WCAG 2.x definition). */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(colour(a)), luminance(colour(b))].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

// [foreground, background] as the components pair them.
const TEXT: Array<[string, string]> = [
  ["color-ink", "color-bg"],
  ["color-ink", "color-surface"],
  ["color-ink", "color-surface-muted"],
  ["color-ink", "color-accent-soft"],
  ["color-ink-muted", "color-bg"],
  ["color-ink-muted", "color-surface"],
  ["color-ink-muted", "color-surface-muted"],
  ["color-ink-muted", "color-accent-soft"],
  ["color-accent", "color-bg"],
  ["color-accent", "color-surface"],
  ["color-accent", "color-accent-soft"],
  ["color-accent-hover", "color-accent-soft"],
  ["color-on-accent", "color-accent"],
  ["color-on-accent", "color-accent-hover"],
  ["color-header-ink", "color-header"],
  ["color-header-muted", "color-header"],
  ["color-danger", "color-surface"],
  ["color-danger", "color-bg"],
  ["color-danger", "color-danger-soft"],
  ["#ffffff", "color-danger"],
  ["#ffffff", "color-danger-hover"],
  ["color-warn", "color-warn-soft"],
  ["color-ink", "color-warn-soft"],
  ["color-ok", "color-ok-soft"],
  ["color-ink", "color-ok-soft"],
  ["color-paused", "color-paused-soft"],
];

const NON_TEXT: Array<[string, string]> = [
  ["color-control", "color-surface"],
  ["color-control", "color-bg"],
  ["focus-ring", "color-surface"],
  ["focus-ring", "color-bg"],
  ["focus-ring", "color-accent-soft"],
  ["#ffd166", "color-header"], // the header's own focus ring
  ["color-danger", "color-surface"],
  ["color-warn-rule", "color-warn-soft"],
  ["color-ok", "color-ok-soft"],
  ["color-accent", "color-accent-soft"],
];

describe("colour tokens", () => {
  it.each(TEXT)("text %s on %s reads at 4.5:1 or more", (fg, bg) => {
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5);
  });
  it.each(NON_TEXT)("control or rule %s next to %s shows at 3:1 or more", (fg, bg) => {
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(3);
  });
  it("computes contrast as WCAG does (black on white is 21:1, a colour on itself 1:1)", () => {
    expect(contrast("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrast("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(contrast("color-accent", "color-accent")).toBe(1);
  });
});
