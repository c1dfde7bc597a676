import type { FastifyPluginAsync, FastifyRequest } from "fastify";
import type { DeletionDependencies } from "@inlet/api";
import type { ApiKeyScope } from "@inlet/contracts";
import type { Database, ExportReads, PrismaClient } from "@inlet/db";
import { RateLimiter } from "../http/rate-limiter.ts";
import { TokenUsage } from "../ingest/token-usage.ts";
import {
  apiError,
  DATABASE_UNAVAILABLE,
  NOT_FOUND_ROUTE,
  sendOutcome,
  type ApiOutcome,
} from "./api-outcome.ts";
import { deleteUser, deletionStatus } from "./deletion-handlers.ts";
import { exportEventsHandler, listEvents } from "./event-handlers.ts";
import { KeyCache, type ResolvedKey } from "./key-cache.ts";
import { authenticate } from "./key-auth.ts";
import { getUser, listUsers } from "./user-handlers.ts";

export interface ReadApiOptions {
  database: Database;
  /** The server's one live feed, so a deletion makes every Live view forget the user. */
  live: DeletionDependencies["live"];
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  now: () => number;
}

export interface ApiServices {
  /** The read replica when configured: every read here grows with the data. */
  reader: PrismaClient;
  /** Writes (deletions), and reads that must see them at once. */
  primary: PrismaClient;
  /** Exports' own reads (on the replica when configured), see @inlet/db's export-reads. */
  exportReads: ExportReads;
  live: DeletionDependencies["live"];
  now: () => number;
}

/** What a route does once its key is known to hold the route's scope. */
export type ApiHandler = (
  services: ApiServices,
  key: ResolvedKey,
  request: FastifyRequest,
) => Promise<ApiOutcome>;

/**
 * The program surface: `/api/v1`, governed by secret keys and their scopes alone. Adding a
 * route is one line naming its scope and handler (`DELETE /users/:identifier` needs "delete").
 */
export const readApiRoutes: FastifyPluginAsync<ReadApiOptions> = async (app, options) => {
  const { database, live, now } = options;
  const keys = new KeyCache(database.prisma, now);
  const limiter = new RateLimiter(options.rateLimitPerSecond, options.rateLimitBurst, now);
  // Keys are used by few programs, so their last use is written every second.
  const usage = new TokenUsage(
    database.prisma,
    (error) => app.log.warn({ err: error }, "could not record API key use"),
    1_000,
    "api_keys",
  );
  app.addHook("onClose", () => usage.close());
  const services: ApiServices = {
    reader: database.reader,
    primary: database.prisma,
    exportReads: database.exportReads,
    live,
    now,
  };

  function route(scope: ApiKeyScope, handler: ApiHandler) {
    return async (request: FastifyRequest, reply: Parameters<typeof sendOutcome>[0]) =>
      sendOutcome(reply, await run(scope, handler, request));
  }

  async function run(scope: ApiKeyScope, handler: ApiHandler, request: FastifyRequest) {
    try {
      const key = await authenticate(request, keys, limiter, scope);
      if ("kind" in key) return key;
      usage.record(key.keyId, now());
      return await handler(services, key, request);
    } catch (error) {
      request.log.error({ err: error }, "read API request failed");
      return DATABASE_UNAVAILABLE;
    }
  }

  app.get("/events", route("read", listEvents));
  app.get("/events/export", route("read", exportEventsHandler));
  app.get("/users", route("read", listUsers));
  app.get("/users/:identifier", route("read", getUser));
  app.delete("/users/:identifier", route("delete", deleteUser));
  // Following a deletion reveals no user data: any key of the project may do it.
  app.get("/deletions/:deletionId", route("read", deletionStatus));

  app.setNotFoundHandler((_request, reply) => sendOutcome(reply, NOT_FOUND_ROUTE));
  // Errors Fastify raises before a handler (an unreadable request) keep their 4xx, as JSON.
  app.setErrorHandler((error: { statusCode?: number }, request, reply) => {
    const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 503;
    if (status === 503) request.log.error({ err: error }, "read API error");
    return sendOutcome(
      reply,
      status === 503 ? DATABASE_UNAVAILABLE : apiError(status, "request could not be read"),
    );
  });
};
