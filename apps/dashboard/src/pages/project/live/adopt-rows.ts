import type { LiveItem, LiveRow } from "./live-types.ts";

/** The live item an `/i` produces (the server names it so; it stores no event). A dry run's adopts nothing. */
function identifiedUser(item: LiveItem): string | null {
  return item.kind === "accepted" &&
    item.eventId === null &&
    item.name === "$identify" &&
    !item.dryRun
    ? item.userIdentifier
    : null;
}

/** True when rows hold an identify, the only item that can adopt others. */
export const hasIdentify = (rows: LiveRow[]) =>
  rows.some((row) => row.type === "item" && identifiedUser(row.item) !== null);

/**
 * `/i` adopts the visitor's earlier events that have no user; rows already on screen do
 * the same, so a row shows the user Events shows. Rows are newest first: walking them,
 * each anonymous event takes the user of the nearest later identify of its visitor.
 * Returns the same array when nothing changed.
 */
export function adoptAnonymousRows(rows: LiveRow[]): LiveRow[] {
  const adopter = new Map<string, string>();
  let changed = false;
  const adopted = rows.map((row) => {
    if (row.type !== "item" || row.item.kind !== "accepted") return row;
    const { item } = row;
    const user = identifiedUser(item);
    if (user !== null) adopter.set(item.anonymousId, user);
    const userIdentifier = adopter.get(item.anonymousId);
    if (item.eventId === null || item.userIdentifier !== null || userIdentifier === undefined)
      return row;
    changed = true;
    return { ...row, item: { ...item, userIdentifier } };
  });
  return changed ? adopted : rows;
}
