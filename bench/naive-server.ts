// The naive baseline: Fastify and one Prisma `create` per request, awaited before the 200.
// Same database and `events` table as Inlet; run as its own process by the bench.
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { openDatabase } from "@inlet/db";
import type FastifyFactory from "../apps/server/node_modules/fastify/fastify.js";

// fastify is a dependency of apps/server, not of the root: resolve it from there.
const requireFromServer = createRequire(new URL("../apps/server/package.json", import.meta.url));
const Fastify = requireFromServer("fastify") as typeof FastifyFactory;

interface TrackBody {
  projectToken?: unknown;
  name?: unknown;
  contextId?: unknown;
  customData?: unknown;
}

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error("DATABASE_URL is required");
const database = await openDatabase({ databaseUrl, dataDir: "unused" });
const { prisma } = database;

// Tokens are read once at start; a naive server would look them up, but the bench
// measures the write path, and Inlet caches tokens too.
const tokens = new Map(
  (await prisma.projectToken.findMany({ select: { id: true, projectId: true, token: true } })).map(
    (row) => [row.token, row],
  ),
);

const app = Fastify({ logger: false });

app.post("/e", async (request, reply) => {
  const body = (request.body ?? {}) as TrackBody;
  const token = typeof body.projectToken === "string" ? tokens.get(body.projectToken) : undefined;
  if (!token) return reply.code(401).send();
  if (typeof body.name !== "string") return reply.code(400).send();
  const userAgent = request.headers["user-agent"] ?? "";
  await prisma.event.create({
    data: {
      projectId: token.projectId,
      tokenId: token.id,
      anonymousId: createHash("sha256").update(`${request.ip}|${userAgent}`).digest("hex"),
      name: body.name,
      contextId: typeof body.contextId === "string" ? body.contextId : null,
      customData: (body.customData ?? {}) as Record<string, string>,
    },
  });
  return reply.code(200).send();
});

const url = await app.listen({
  port: Number(process.env.PORT ?? 0),
  host: process.env.HOST ?? "127.0.0.1",
});
console.log(`listening at ${url}`);

process.once("SIGTERM", () => {
  void app
    .close()
    .then(() => database.close())
    .finally(() => process.exit(0));
});
