// The database side on its own: how many events/s PostgreSQL stores on this machine with
// Inlet's batch INSERT, sent straight through `pg` (no HTTP, no Prisma), at the batch sizes
// group commit produces. Run: node --import tsx bench/database-only.ts
import { randomUUID } from "node:crypto";
import pg from "pg";
import { createPostgresScratch, seedProject, withDatabase } from "./database.ts";

const SECONDS = Number(process.env.BENCH_DURATION_S ?? 8);
const INSERT = `
  INSERT INTO events (id, project_id, token_id, anonymous_id, name, custom_data, user_agent,
    browser, os, device_type, occurred_at, received_at)
  SELECT t.id, t.project_id, t.token_id, t.anonymous_id, t.name, t.custom_data, t.ua, 'Chrome', 'Linux', 'desktop', now(), now()
  FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::jsonb[], $7::text[])
    AS t(id, project_id, token_id, anonymous_id, name, custom_data, ua)
  LEFT JOIN anonymous_links l ON l.project_id = t.project_id AND l.anonymous_id = t.anonymous_id
  ON CONFLICT (project_id, idempotency_key) DO NOTHING`;

async function measure(
  url: string,
  projectId: string,
  tokenId: string,
  batch: number,
  connections: number,
) {
  const pool = new pg.Pool({ connectionString: url, max: connections });
  const body = JSON.stringify({ plan: "pro", amount: "99.99", currency: "USD" });
  const ua =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";
  let stored = 0;
  const deadline = Date.now() + SECONDS * 1000;
  const worker = async () => {
    while (Date.now() < deadline) {
      const ids = Array.from({ length: batch }, () => randomUUID());
      await pool.query(INSERT, [
        ids,
        ids.map(() => projectId),
        ids.map(() => tokenId),
        ids.map(() => "a1b2c3d4e5f60718"),
        ids.map(() => "purchase"),
        ids.map(() => body),
        ids.map(() => ua),
      ]);
      stored += batch;
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  await pool.end();
  return Math.round(stored / SECONDS);
}

const scratch = await createPostgresScratch();
try {
  const project = await withDatabase(scratch.target, (db) => seedProject(db, "database only", 1));
  const [{ id: tokenId } = { id: "" }] = await withDatabase(scratch.target, (db) =>
    db.prisma.projectToken.findMany({
      where: { projectId: project.projectId },
      select: { id: true },
    }),
  );
  const url = "url" in scratch.target ? scratch.target.url : "";
  console.log(`PostgreSQL alone, ${SECONDS} s per row: events/s stored by Inlet's batch INSERT`);
  for (const [batch, connections] of [
    [1, 4],
    [10, 4],
    [25, 2],
    [50, 1],
    [50, 4],
    [200, 2],
  ] as const) {
    console.log(
      `batch ${String(batch).padStart(3)} × ${connections} connections: ${(await measure(url, project.projectId, tokenId, batch, connections)).toLocaleString("en-US")} events/s`,
    );
  }
} finally {
  await scratch.remove();
}
