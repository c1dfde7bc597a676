// EXPLAIN (ANALYZE) of the identify's adoption of a visitor's earlier events, on a visitor
// that has sent many events, most already stored under a user (as the bench's one shared
// cookieless visitor has after its first identify), in a project where other visitors sent
// as many anonymous events: which index it reads and how many entries it walks.
// BENCH_EVENTS sets the visitor's events and the others' (default 50,000 each),
// BENCH_UNADOPTED how many of the visitor's have no user (default 20).
// Run: node --import tsx bench/explain-adoption.ts
import { withScratchProject } from "./database.ts";

const events = Number(process.env.BENCH_EVENTS ?? 50_000);
const unadopted = Number(process.env.BENCH_UNADOPTED ?? 20);
const VISITOR = "shared-visitor";

await withScratchProject("adoption", async ({ prisma }, project) => {
  const user = await prisma.user.create({
    data: { projectId: project.projectId, identifier: "earlier" },
    select: { id: true },
  });
  // The visitor's history: every event but the last `unadopted` is stored under a user.
  await prisma.$executeRaw`
    INSERT INTO events (id, project_id, anonymous_id, name, user_id)
    SELECT gen_random_uuid(), ${project.projectId}::uuid, ${VISITOR}, 'purchase',
           CASE WHEN n <= ${events - unadopted} THEN ${user.id}::uuid END
    FROM generate_series(1, ${events}) AS n`;
  // Other visitors' anonymous events: as many rows without a user, none of them adopted.
  await prisma.$executeRaw`
    INSERT INTO events (id, project_id, anonymous_id, name)
    SELECT gen_random_uuid(), ${project.projectId}::uuid, 'visitor-' || (n % 5000), 'purchase'
    FROM generate_series(1, ${events}) AS n`;
  await prisma.$executeRawUnsafe("ANALYZE events");
  const plan = await prisma.$queryRaw<{ "QUERY PLAN": string }[]>`
    EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
    UPDATE events SET user_id = ${user.id}::uuid
    WHERE project_id = ${project.projectId}::uuid AND anonymous_id = ${VISITOR}
      AND user_id IS NULL`;
  console.log(
    `adoption, one visitor with ${events} events, ${unadopted} without a user, beside ${events} anonymous events of others:\n`,
  );
  console.log(plan.map((row) => row["QUERY PLAN"]).join("\n"));
});
