import { tokenLabelSchema } from "@inlet/contracts";

const ROTATED_SUFFIX = / \(rotated [^)]*\)$|^Rotated [^)]*$/;
const MAX_LABEL = 100;

/**
 * The label of a rotated token's successor: the old label with the rotation's time, so the
 * two tell apart on the Tokens page and in the Events filter. A successor rotated again
 * replaces the earlier time rather than adding one.
 */
export function rotatedTokenLabel(label: string, at: Date): string {
  const when = `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const base = label.replace(ROTATED_SUFFIX, "").trim();
  if (!base) return `Rotated ${when}`;
  const suffix = ` (rotated ${when})`;
  return tokenLabelSchema.parse(`${base.slice(0, MAX_LABEL - suffix.length).trimEnd()}${suffix}`);
}

type Status = "active" | "expiring" | "expired" | "revoked";

const usable = (status: Status) => status === "active" || status === "expiring";

/** Tokens that still work first, newest first within each group: the one to use is on top. */
export function compareTokens(
  a: { status: Status; createdAt: Date; id: string },
  b: { status: Status; createdAt: Date; id: string },
): number {
  if (usable(a.status) !== usable(b.status)) return usable(a.status) ? -1 : 1;
  return b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id);
}
