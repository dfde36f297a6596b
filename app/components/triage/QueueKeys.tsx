import type { KeyboardEvent } from "react";

/**
 * Keyboard shortcuts of the staff queue, active only while focus is inside its table (WCAG 2.1.4:
 * single-key shortcuts must not fire elsewhere, in a field or on another part of the page):
 * j / ↓ and k / ↑ move between cases, x selects the case for the bulk actions, / goes to the search
 * field. Enter opens the case (the link's own behaviour).
 */
export function queueKeyDown(event: KeyboardEvent<HTMLElement>) {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target as HTMLElement;
  if (target.matches("input[type=text], input[type=search], textarea, select")) return;
  const links = [...event.currentTarget.querySelectorAll<HTMLAnchorElement>("tbody tr td a")];
  if (links.length === 0) return;
  const row = target.closest("tr");
  const at = row ? links.findIndex((link) => row.contains(link)) : -1;
  const move = (to: number) => links[Math.max(0, Math.min(links.length - 1, to))]?.focus();
  switch (event.key) {
    case "j":
    case "ArrowDown":
      move(at + 1);
      break;
    case "k":
    case "ArrowUp":
      move(at < 0 ? 0 : at - 1);
      break;
    case "x": {
      const box = row?.querySelector<HTMLInputElement>("input[type=checkbox]");
      if (!box) return;
      box.click();
      break;
    }
    case "/":
      document.querySelector<HTMLInputElement>("#f-q")?.focus();
      break;
    default:
      return;
  }
  event.preventDefault();
}

/** The shortcuts, said where they work. */
export function QueueKeysHelp() {
  return (
    <details className="queue-keys">
      <summary>Keyboard shortcuts</summary>
      <p className="hint">In the table of cases (tab into it first):</p>
      <dl>
        <dt><kbd>j</kbd> or <kbd>↓</kbd></dt><dd>next case</dd>
        <dt><kbd>k</kbd> or <kbd>↑</kbd></dt><dd>previous case</dd>
        <dt><kbd>Enter</kbd></dt><dd>open the case</dd>
        <dt><kbd>x</kbd></dt><dd>select or unselect the case for the actions below the table</dd>
        <dt><kbd>/</kbd></dt><dd>go to the search field</dd>
      </dl>
    </details>
  );
}
