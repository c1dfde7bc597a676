// The ingestion path the open-source peers ship: an HTTP handler that validates the body,
// enqueues it to Redis with BullMQ (`queue.add` per event, default job options) and answers
// 200 once enqueued, before anything reaches a database. Run as its own process by the bench.
import { createRequire } from "node:module";
import { Queue } from "bullmq";
import { z } from "zod";
import { openDatabase } from "@inlet/db";
import type FastifyFactory from "../apps/server/node_modules/fastify/fastify.js";
import { peerRedis } from "./redis.ts";

// fastify is a dependency of apps/server, not of the root: resolve it from there.
const requireFromServer = createRequire(new URL("../apps/server/package.json", import.meta.url));
const Fastify = requireFromServer("fastify") as typeof FastifyFactory;

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error("DATABASE_URL is required");

// Tokens are read once at start, as the peers cache their client lookups.
const database = await openDatabase({ databaseUrl, dataDir: "unused" });
const tokens = new Map(
  (await database.prisma.projectToken.findMany({ select: { projectId: true, token: true } })).map(
    (row) => [row.token, row.projectId],
  ),
);
await database.close();

// The seed's /e fields, validated the way those peers do it: one zod schema per request.
const trackSchema = z.object({
  projectToken: z.string().min(1),
  name: z.string().min(1).max(200),
  identifier: z.string().max(255).optional(),
  displayName: z.string().max(255).optional(),
  url: z.string().optional(),
  contextId: z.string().optional(),
  customData: z.record(z.string(), z.unknown()).optional(),
  userData: z
    .object({
      set: z.record(z.string(), z.unknown()).optional(),
      setOnce: z.record(z.string(), z.unknown()).optional(),
      unset: z.array(z.string()).optional(),
    })
    .optional(),
});

const queue = new Queue(peerRedis.queue, {
  connection: peerRedis.connection,
});
// Every run starts from an empty queue, so Redis memory does not grow across runs.
await queue.obliterate({ force: true });

const app = Fastify({ logger: false });
app.post("/e", async (request, reply) => {
  const parsed = trackSchema.safeParse(request.body);
  if (!parsed.success) return reply.code(400).send("Invalid!");
  const projectId = tokens.get(parsed.data.projectToken);
  if (!projectId) return reply.code(401).send();
  await queue.add("event", {
    projectId,
    event: parsed.data,
    ip: request.ip,
    userAgent: request.headers["user-agent"] ?? null,
    receivedAt: Date.now(),
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
    .then(() => queue.obliterate({ force: true }))
    .then(() => queue.close())
    .finally(() => process.exit(0));
});
