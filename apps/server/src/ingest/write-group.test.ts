// WriteGroup: a lone write runs alone, concurrent writes share one transaction, a failed one is retried alone.
import type { SqlClient, SqlQuery } from "@inlet/db";
import { describe, expect, it } from "vitest";
import { WriteGroup, type Write } from "./write-group.ts";

/** A client that records which connection each statement ran on: the pool or a transaction. */
function recordingClient() {
  const log: string[] = [];
  let transactions = 0;
  const on = (where: string): SqlQuery => ({
    query: async <Row>(text: string) => {
      log.push(`${where}: ${text}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (text === "poison") throw new Error("refused");
      return [text] as Row[];
    },
  });
  const sql: SqlClient = {
    ...on("pool"),
    transaction: async (work) => work(on(`tx${++transactions}`)),
  };
  return { sql, log };
}

const options = { maxBatch: 10, maxDelayMs: 5, maxQueue: 100, maxInFlight: 1, eagerWhenIdle: true };
const statement =
  (text: string): Write<string> =>
  async (sql) =>
    (await sql.query<string>(text, []))[0] ?? "";

describe("WriteGroup", () => {
  it("runs a write that finds nothing committing alone, and the ones behind it together", async () => {
    const { sql, log } = recordingClient();
    const group = new WriteGroup(sql, options);
    const results = await Promise.all(["a", "b", "c"].map((text) => group.run(statement(text))));
    expect(results).toEqual(["a", "b", "c"]);
    expect(log).toEqual(["pool: a", "tx1: b", "tx1: c"]);
  });

  it("runs each write of a failed transaction again alone: only the failing one fails", async () => {
    const { sql, log } = recordingClient();
    const group = new WriteGroup(sql, options);
    const first = group.run(statement("first"));
    const together = ["b", "poison", "c"].map((text) =>
      group.run(statement(text)).catch((error: unknown) => (error as Error).message),
    );
    expect(await first).toBe("first");
    expect(await Promise.all(together)).toEqual(["b", "refused", "c"]);
    expect(log.slice(1, 3)).toEqual(["tx1: b", "tx1: poison"]);
    expect(log.slice(3).sort()).toEqual(["pool: b", "pool: c", "pool: poison"]);
  });
});
