// Case references such as "PS-2026-000123": framework prefix, year of filing, yearly sequence.

const REFERENCE = /^([A-Z]+)-(\d{4})-(\d{6,})$/;

export function formatReference(prefix: string, year: number, seq: number): string {
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError(`A case sequence number must be a positive integer, got ${seq}`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`A case year must have four digits, got ${year}`);
  return `${prefix}-${year}-${formatSequence(seq)}`;
}

/** The number part of a reference as written: the yearly sequence, at least six digits (000123). */
export function formatSequence(seq: number): string {
  return String(seq).padStart(6, "0");
}

export function parseReference(reference: string): { prefix: string; year: number; seq: number } | null {
  const match = REFERENCE.exec(reference.trim().toUpperCase());
  if (!match) return null;
  const [, prefix, year, seq] = match;
  return { prefix: prefix!, year: Number(year), seq: Number(seq) };
}
