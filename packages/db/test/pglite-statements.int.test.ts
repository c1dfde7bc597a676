// PGlite's named statements: the same rows as an unnamed query, reuse after a failure, and never inside another caller's transaction.
import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgliteSqlClient } from "../src/pglite-statements.ts";

const INSERT = {
  name: "test_insert_notes",
  text: `INSERT INTO notes (body, meta, at, score)
    SELECT body, meta, at, score FROM json_to_recordset($1::json)
      AS n(body text, meta jsonb, at timestamptz, score int)
    RETURNING id, body, meta, at, score, $2::smallint AS shard`,
};

describe("pgliteSqlClient", () => {
  let pglite: PGlite;

  beforeAll(async () => {
    pglite = await PGlite.create("memory://");
    await pglite.exec(
      "CREATE TABLE notes (id serial PRIMARY KEY, body text NOT NULL, meta jsonb, at timestamptz, score int)",
    );
  });
  afterAll(() => pglite.close());

  it("answers a named statement with the rows and types of an unnamed one, call after call", async () => {
    const sql = pgliteSqlClient(pglite);
    const rows = (n: number) =>
      JSON.stringify([
        { body: `note ${n}`, meta: { tags: ["a"] }, at: "2026-12-01T10:00:00Z", score: n },
        { body: `bare ${n}`, meta: null, at: null, score: null },
      ]);
    type Note = Record<string, unknown>;
    const named = await sql.query<Note>(INSERT.text, [rows(1), 3], INSERT.name);
    const again = await sql.query<Note>(INSERT.text, [rows(2), 4], INSERT.name);
    const unnamed = await sql.query<Note>(INSERT.text, [rows(3), 5]);
    const shape = (list: Note[]) => list.map(({ id: _id, ...rest }) => rest);
    expect(shape(named)).toEqual([
      {
        body: "note 1",
        meta: { tags: ["a"] },
        at: new Date("2026-12-01T10:00:00Z"),
        score: 1,
        shard: 3,
      },
      { body: "bare 1", meta: null, at: null, score: null, shard: 3 },
    ]);
    expect(shape(again)[0]).toMatchObject({ body: "note 2", shard: 4 });
    expect(shape(unnamed)[0]).toEqual({ ...shape(named)[0], body: "note 3", score: 3, shard: 5 });
  });

  it("reports a failing call and serves the next one", async () => {
    const sql = pgliteSqlClient(pglite);
    await expect(sql.query(INSERT.text, ["not json", 1], INSERT.name)).rejects.toThrow(/json/i);
    const [row] = await sql.query<{ body: string }>(
      INSERT.text,
      [JSON.stringify([{ body: "after the failure" }]), 1],
      INSERT.name,
    );
    expect(row?.body).toBe("after the failure");
  });

  it("waits for another caller's transaction instead of running inside it", async () => {
    const sql = pgliteSqlClient(pglite);
    let inserting: Promise<unknown> | undefined;
    await pglite.transaction(async (tx) => {
      await tx.query("INSERT INTO notes (body) VALUES ('rolled back')");
      inserting = sql.query(INSERT.text, [JSON.stringify([{ body: "kept" }]), 1], INSERT.name);
      // Long enough for a call that did not wait to have run.
      await new Promise((resolve) => setTimeout(resolve, 100));
      await tx.rollback();
    });
    await inserting;
    const { rows } = await pglite.query<{ body: string }>(
      "SELECT body FROM notes WHERE body IN ('rolled back', 'kept')",
    );
    expect(rows.map((row) => row.body)).toEqual(["kept"]);
  });
});
