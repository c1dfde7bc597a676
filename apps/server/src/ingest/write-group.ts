import type { SqlClient, SqlQuery } from "@inlet/db";
import { GroupCommitter, type GroupCommitOptions } from "./group-commit.ts";

/** One request's write: its statements, on whichever connection it is given. */
export type Write<T> = (sql: SqlQuery) => Promise<T>;

type Outcome = PromiseSettledResult<unknown>;

// Why `/i` and `/u` are gathered: alone, each committed with a WAL flush of its own, and a
// backend's `/i` relinks the one visitor it shares with all its users, so each waited on
// that row for the one before it to flush (decision 026). Gathered, the writes that arrive
// meanwhile share one transaction and one flush.

/**
 * Runs concurrent writes in one transaction, in the order they arrived. When that
 * transaction fails, each write runs again alone, so one write's error (or a deadlock with
 * an event batch) fails only that write: the writes must state an end state (upserts, a
 * link), so running one again after an unknown outcome is safe.
 */
export class WriteGroup {
  private readonly committer: GroupCommitter<Write<unknown>, Outcome>;

  constructor(sql: SqlClient, options: GroupCommitOptions) {
    this.committer = new GroupCommitter((writes) => runTogether(sql, writes), options);
  }

  async run<T>(write: Write<T>): Promise<T> {
    const outcome = await this.committer.submit(write);
    if (outcome.status === "rejected") throw outcome.reason;
    // The committer returns each write's own value, in order.
    return outcome.value as T;
  }

  drain(): Promise<void> {
    return this.committer.drain();
  }
}

async function runTogether(sql: SqlClient, writes: Write<unknown>[]): Promise<Outcome[]> {
  const alone = () => Promise.allSettled(writes.map((write) => write(sql)));
  // A write on its own needs no BEGIN and COMMIT round trips.
  if (writes.length === 1) return alone();
  try {
    const values = await sql.transaction(async (tx) => {
      const results: unknown[] = [];
      for (const write of writes) results.push(await write(tx));
      return results;
    });
    return values.map((value) => ({ status: "fulfilled", value }));
  } catch {
    return alone();
  }
}
