import { updatedUser } from "@inlet/ingest";
import {
  inKeyOrder,
  mergeUsers,
  visitorKey,
  type LinkByIdentifier,
  type MergedUser,
  type UserChange,
  type UserUpsert,
} from "./user-writes.ts";

// How the `/i` and `/u` of one group become one statement (see identity-writes.ts), decided
// without I/O. A statement's parts cannot see each other's writes, so the group is folded in
// its order here, as one-by-one statements would have applied it: each user's changes
// merged in order, each visitor's link the last identify's, its anonymous events adopted by
// the first identify's user (after that none are left to adopt), and an update without an
// identifier resolved through the link an earlier identify of the group made, else the one
// stored before the group.

export type UserUpdate = Omit<UserChange, "identifier"> & { identifier: string | null };

/** One `/i` or `/u` for a visitor of a project. */
export type UserWrite = { projectId: string; anonymousId: string } & (
  { type: "identify"; user: UserChange } | { type: "updateUser"; change: UserUpdate }
);

/** What a write came to. */
export interface UserWritten {
  /** The user written; null for an update that found none (no identifier, no link). */
  identifier: string | null;
  /** The visitor's events without a user that an identify adopted. */
  adopted: number;
}

export interface UserWritePlan {
  users: MergedUser[];
  /** Each visitor's link after the group, in a fixed order so concurrent statements lock alike. */
  links: LinkByIdentifier[];
  /** Each identified visitor and the user that adopts its anonymous events. */
  adoptions: LinkByIdentifier[];
  /** Each write's answer, given the statement's adoption counts by visitorKey. */
  answer(adopted: ReadonlyMap<string, number>): UserWritten[];
}

/**
 * The visitors whose stored link an update of the group needs: updates without an
 * identifier, for visitors no earlier identify of the group linked.
 */
export function linksToRead(writes: UserWrite[]): { projectId: string; anonymousId: string }[] {
  const identified = new Set<string>();
  const needed = new Map<string, { projectId: string; anonymousId: string }>();
  for (const write of writes) {
    const { projectId, anonymousId } = write;
    const key = visitorKey(projectId, anonymousId);
    if (write.type === "identify") identified.add(key);
    else if (write.change.identifier === null && !identified.has(key))
      needed.set(key, { projectId, anonymousId });
  }
  return [...needed.values()];
}

/** Folds the group in order; `storedLinks`: the identifier each visitor of linksToRead is linked to. */
export function planUserWrites(
  writes: UserWrite[],
  storedLinks: ReadonlyMap<string, string>,
): UserWritePlan {
  const upserts: UserUpsert[] = [];
  const links = new Map<string, LinkByIdentifier>();
  const adoptions = new Map<string, LinkByIdentifier>();
  const answers = writes.map((write) => {
    const { projectId, anonymousId } = write;
    const key = visitorKey(projectId, anonymousId);
    if (write.type === "identify") {
      const link = { projectId, anonymousId, identifier: write.user.identifier };
      upserts.push({ projectId, change: write.user });
      links.set(key, link);
      const adopts = !adoptions.has(key);
      if (adopts) adoptions.set(key, link);
      return (adopted: ReadonlyMap<string, number>): UserWritten => ({
        identifier: link.identifier,
        adopted: adopts ? (adopted.get(key) ?? 0) : 0,
      });
    }
    const linked = links.get(key)?.identifier ?? storedLinks.get(key) ?? null;
    const { user: identifier } = updatedUser(write.change.identifier, linked);
    if (identifier) upserts.push({ projectId, change: { ...write.change, identifier } });
    return (): UserWritten => ({ identifier, adopted: 0 });
  });
  return {
    users: mergeUsers(upserts),
    links: inKeyOrder(links),
    adoptions: inKeyOrder(adoptions),
    answer: (adopted) => answers.map((answer) => answer(adopted)),
  };
}
