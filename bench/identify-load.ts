// How many identifications a second one backend gets stored: POST /i for new users at full
// speed (20 connections, the node SDK's headers), each answered after its commit. Every
// such `/i` relinks the one cookieless visitor the backend shares with all its users
// (decision 004), the shape that made each wait for the one before it to commit.
// Run after `pnpm build:server`: node --import tsx bench/identify-load.ts
// (BENCH_DURATION_S, default 10; BENCH_INLET_ENTRY for another checkout's launcher).
import autocannon from "autocannon";
import { createPostgresScratch, seedProject, withDatabase } from "./database.ts";
import { BACKEND_HEADERS } from "./load.ts";
import { cpuMicroseconds, withCpu } from "./phases.ts";
import { startInlet } from "./servers.ts";

const CONNECTIONS = 20;
const USERS_PER_CONNECTION = 10_000;
const durationS = Number(process.env.BENCH_DURATION_S ?? 10);

const scratch = await createPostgresScratch();
try {
  const { projectId, tokens } = await withDatabase(scratch.target, (database) =>
    seedProject(database, "identify load", 1),
  );
  const server = await startInlet(scratch.target);
  try {
    let connection = 0;
    const { result, cpuSeconds } = await withCpu(server, () =>
      autocannon({
        url: server.url,
        connections: CONNECTIONS,
        duration: durationS,
        method: "POST",
        headers: BACKEND_HEADERS,
        setupClient: (client) => {
          const c = connection++;
          client.setRequests(
            Array.from({ length: USERS_PER_CONNECTION }, (_, i) => ({
              method: "POST",
              path: "/i",
              body: JSON.stringify({
                projectToken: tokens[0],
                identifier: `user-${c}-${i}`,
                displayName: `User ${c} ${i}`,
              }),
            })),
          );
        },
      }),
    );
    const stored = await withDatabase(scratch.target, (database) =>
      database.prisma.user.count({ where: { projectId } }),
    );
    console.log(
      `POST /i from one backend: ${Math.round(result.requests.average).toLocaleString("en-US")}/s, ` +
        `p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ` +
        `${cpuMicroseconds(cpuSeconds.server, result.requests.total)} µs of server CPU per request, ` +
        `${result.non2xx} non-2xx, ${result.errors} errors, ${stored} users stored`,
    );
  } finally {
    await server.stop();
  }
} finally {
  await scratch.remove();
}
