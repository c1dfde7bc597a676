import type { PrismaClient } from "./generated/prisma/client.ts";

// Partitions of the events table: one per UTC month of received_at (decision 016), created
// ahead by Inlet, so inserts land in a monthly partition and the default one stays empty.

/** Months created beyond the current one; the periodic check has that long to succeed. */
export const PARTITION_MONTHS_AHEAD = 2;
// One key for every change to the events layout (partitions, the move, drops), so
// processes never race each other's DDL.
export const EVENT_LAYOUT_LOCK_KEY = 7_315_202_616;
// DDL on a partitioned table queues behind long reads, and every later statement queues
// behind it: better to give up quickly and try again later than to stall ingestion.
export const LAYOUT_LOCK_TIMEOUT = "2s";

const PARTITION_NAME = /^events_p(\d{4})_(\d{2})$/;

export interface MonthPartition {
  name: string;
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export function monthPartition(at: Date): MonthPartition {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  return {
    name: `events_p${year}_${String(month + 1).padStart(2, "0")}`,
    from: new Date(Date.UTC(year, month, 1)),
    to: new Date(Date.UTC(year, month + 1, 1)),
  };
}

/** Every month from the one holding `from` to the one holding `to`, both included. */
export function monthsBetween(from: Date, to: Date): MonthPartition[] {
  const months: MonthPartition[] = [];
  for (let month = monthPartition(from); month.from <= to; month = monthPartition(month.to))
    months.push(month);
  return months;
}

/** A partition name Inlet made, read back as its month; null for any other name. */
export function parsePartitionName(name: string): MonthPartition | null {
  const match = PARTITION_NAME.exec(name);
  if (!match) return null;
  return monthPartition(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 1)));
}

/**
 * The partitioned table: "events", or "events_partitioned" while rows of the previous
 * layout are still being moved and "events" is a view of both.
 */
export async function partitionedEventsTable(db: Tx | PrismaClient): Promise<string> {
  const [row] = await db.$queryRaw<{ parent: string }[]>`
    SELECT p.relname::text AS parent FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
    WHERE c.relname = 'events_default' AND c.relnamespace = current_schema()::regnamespace`;
  if (!row) throw new Error("the events table has no default partition");
  return row.parent;
}

/** Inlet's monthly partitions of the events table, oldest first. */
export async function listMonthPartitions(db: Tx | PrismaClient): Promise<MonthPartition[]> {
  const parent = await partitionedEventsTable(db);
  const rows = await db.$queryRaw<{ name: string }[]>`
    SELECT c.relname::text AS name FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
    WHERE p.relname = ${parent} AND p.relnamespace = current_schema()::regnamespace`;
  return rows
    .map((row) => parsePartitionName(row.name))
    .filter((month) => month !== null)
    .sort((a, b) => a.from.getTime() - b.from.getTime());
}

/**
 * Creates the month's partition unless it exists. The table is made on its own and then
 * attached, which needs only a lock that reads and inserts pass (creating it as a
 * partition directly would lock out the whole table); rows the default partition caught
 * for that month move into it first, since attaching checks the default holds none.
 */
async function createMonthPartition(tx: Tx, parent: string, month: MonthPartition) {
  const exists = await tx.$queryRaw<unknown[]>`SELECT 1 FROM pg_class
    WHERE relname = ${month.name} AND relnamespace = current_schema()::regnamespace`;
  if (exists.length > 0) return false;
  const from = month.from.toISOString();
  const to = month.to.toISOString();
  await tx.$executeRawUnsafe(`CREATE TABLE "${month.name}" (LIKE "${parent}" INCLUDING DEFAULTS)`);
  await tx.$executeRawUnsafe(
    `WITH caught AS (
       DELETE FROM "events_default" WHERE received_at >= $1::timestamptz AND received_at < $2::timestamptz
       RETURNING *)
     INSERT INTO "${month.name}" SELECT * FROM caught`,
    from,
    to,
  );
  await tx.$executeRawUnsafe(
    `ALTER TABLE "${parent}" ATTACH PARTITION "${month.name}" FOR VALUES FROM ('${from}') TO ('${to}')`,
  );
  return true;
}

/**
 * Makes sure a partition exists for every month from `from` to `to`; returns the names it
 * created. Serialised across processes by the layout lock; each month in its own
 * transaction, so one that cannot get its locks now leaves the others done.
 */
export async function ensureMonthPartitions(
  prisma: PrismaClient,
  from: Date,
  to: Date,
): Promise<string[]> {
  const created: string[] = [];
  // Usually all there: one catalogue read, and no lock taken.
  const existing = new Set((await listMonthPartitions(prisma)).map((month) => month.name));
  for (const month of monthsBetween(from, to).filter((m) => !existing.has(m.name))) {
    const made = await prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT 1 FROM pg_advisory_xact_lock(${EVENT_LAYOUT_LOCK_KEY}::bigint)`;
        await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '${LAYOUT_LOCK_TIMEOUT}'`);
        return createMonthPartition(tx, await partitionedEventsTable(tx), month);
      },
      { timeout: 60_000, maxWait: 30_000 },
    );
    if (made) created.push(month.name);
  }
  return created;
}

/**
 * The current month's partition and the next few, so inserts never wait for one; and the
 * previous month's, for a batch received just before midnight that commits just after.
 */
export function ensureEventPartitionsAhead(prisma: PrismaClient, now: Date): Promise<string[]> {
  const month = (offset: number) =>
    new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1));
  return ensureMonthPartitions(prisma, month(-1), month(PARTITION_MONTHS_AHEAD));
}
