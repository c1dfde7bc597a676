import type { Novel } from "@inlet/contracts";
import { eventUser, linksVisitor, type IdentifiedEventLink } from "@inlet/ingest";
import type { SqlQuery } from "@inlet/db";
import type { KnownCatalog } from "./catalog-cache.ts";
import { noveltyOf } from "./catalog-writes.ts";
import type { EventRow } from "./event-row.ts";
import {
  STORE_ANONYMOUS,
  STORE_WITH_USERS,
  statementParameters,
  type StatementInput,
  type StoredRow,
} from "./ingest-statement.ts";
import {
  inKeyOrder,
  mergeUsers,
  visitorKey,
  type LinkByIdentifier,
  type UserChange,
} from "./user-writes.ts";

export interface TrackJob {
  event: EventRow;
  /** The user the event was sent for; it belongs to that user forever. */
  user: UserChange | null;
  /** Whether (and why) the event's user also becomes its visitor's user. */
  link: IdentifiedEventLink;
}

/** A stored event and the user it was stored under (null: anonymous). */
export interface StoredEvent {
  userIdentifier: string | null;
  /** Whether its name, and which of its keys, the project had never received before. */
  novel: Novel;
}

/**
 * The statement's input for a batch: each job's user, named by identifier (an identified
 * event's own; for an anonymous one, the user an earlier job of this batch linked its
 * visitor to), the users to write, and the links the batch makes, the last word per
 * visitor winning, in a fixed order so that concurrent batches lock alike.
 */
function statementInput(jobs: TrackJob[], known: KnownCatalog): StatementInput {
  const links = new Map<string, LinkByIdentifier>();
  const userIdentifiers = jobs.map(({ event, user, link }) => {
    const visitor = visitorKey(event.projectId, event.anonymousId);
    // The link stored before the batch is the statement's COALESCE: the same rule, in SQL.
    const { user: identifier, rule } = eventUser(
      user?.identifier ?? null,
      links.get(visitor)?.identifier ?? null,
    );
    if (identifier && rule === "sent-identifier" && linksVisitor(link))
      links.set(visitor, {
        projectId: event.projectId,
        anonymousId: event.anonymousId,
        identifier,
      });
    return identifier;
  });
  const events = jobs.map((job) => job.event);
  return {
    events,
    userIdentifiers,
    users: mergeUsers(
      jobs.flatMap(({ event, user }) =>
        user ? [{ projectId: event.projectId, change: user }] : [],
      ),
    ),
    links: inKeyOrder(links),
    probe: known.probe(events),
  };
}

const statementOf = (input: StatementInput) =>
  input.users.length > 0 || input.links.length > 0 ? STORE_WITH_USERS : STORE_ANONYMOUS;

/**
 * Stores a batch of tracked events with one statement (see ingest-statement.ts); for each
 * job, what was stored, or null when its idempotency key made it a duplicate. The caller
 * tells `known` about the stored events once they are committed.
 */
export async function commitTrackBatch(
  database: { sql: SqlQuery },
  jobs: TrackJob[],
  known: KnownCatalog,
): Promise<(StoredEvent | null)[]> {
  const input = statementInput(jobs, known);
  const { text, name } = statementOf(input);
  const rows = await database.sql.query<StoredRow>(text, statementParameters(input), name);
  return storedOf(input.events, rows);
}

function storedOf(events: EventRow[], rows: StoredRow[]): (StoredEvent | null)[] {
  const stored = new Map(rows.map((row) => [row.id, row.identifier]));
  const novelty = noveltyOf(events, rows);
  return events.map((event) => {
    const identifier = stored.get(event.id);
    const novel = novelty.get(event.id) ?? { name: false, keys: [] };
    return identifier === undefined ? null : { userIdentifier: identifier, novel };
  });
}
