import type { IncomingMessage } from "node:http";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { Database } from "@inlet/db";
import { BATCH_MAX_BYTES, type IngestLimits } from "@inlet/ingest";
import { DeadlineError, withDeadline } from "../http/deadline.ts";
import { readBody } from "../http/read-body.ts";
import { RateLimiter } from "../http/rate-limiter.ts";
import { visitorCookie } from "./anonymous-identity.ts";
import { batch, batchCost } from "./batch-endpoint.ts";
import { answerPreflight, applyCors } from "./cors.ts";
import { DailySalt } from "./daily-salt.ts";
import { dryRunner } from "./dry-run-answer.ts";
import {
  identify,
  pageLeave,
  track,
  updateUser,
  type Endpoint,
  type EndpointServices,
} from "./endpoints.ts";
import { frameworkFailure, LOOKUP_FAILED, writeFailure, type FrameworkError } from "./failures.ts";
import { admit, invalidToken, missingBatchToken, missingToken, SECRET_KEY } from "./gates.ts";
import { QueueFullError, type GroupCommitOptions } from "./group-commit.ts";
import { IngestWriter } from "./ingest-writer.ts";
import { ACKNOWLEDGED, type IngestOutcome, type Refused } from "./outcome.ts";
import { headerTrace, startTrace, type RequestTrace } from "./request-trace.ts";
import { responder } from "./respond.ts";
import { SuppressionCache } from "./suppression-cache.ts";
import { TokenCache } from "./token-cache.ts";
import { TokenUsage } from "./token-usage.ts";
import { gateUnmatched } from "./unmatched-gate.ts";

export interface IngestOptions {
  database: Database;
  limits: IngestLimits;
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  groupCommit: GroupCommitOptions;
  /** Event times older than this many days before their receipt are refused. */
  timeHorizonDays: number;
  /** The clock (epoch ms) of everything time-dependent here: token expiry, rates, received_at. */
  now: () => number;
}

// A silent database must turn into a 503 quickly: clients retry, a hung request helps no one.
const LOOKUP_DEADLINE_MS = 3_000;
const WRITE_DEADLINE_MS = 5_000;
// Longer than a batch's transaction may take (its timeout rolls it back first), so a
// batch answered 503 is one that did not commit.
const BATCH_DEADLINE_MS = 25_000;

interface RouteOptions {
  /** What the request costs against the token's rate limit. */
  cost: (trace: RequestTrace) => number;
  deadlineMs: number;
  /** The refusal of a request that names no token. */
  missingToken: (trace: RequestTrace) => Refused;
}
const SINGLE: RouteOptions = { cost: () => 1, deadlineMs: WRITE_DEADLINE_MS, missingToken };
const BATCH: RouteOptions = {
  cost: (trace) => batchCost(trace.body),
  deadlineMs: BATCH_DEADLINE_MS,
  missingToken: missingBatchToken,
};

/** The public REST surface: `/e`, `/i`, `/u` of the contract, `/batch`, and the SDK's `/l` and `/r`. */
export const ingestRoutes: FastifyPluginAsync<IngestOptions> = async (app, options) => {
  const { database, limits, now } = options;
  const { prisma } = database;
  const tokens = new TokenCache(prisma, { now });
  const limiter = new RateLimiter(options.rateLimitPerSecond, options.rateLimitBurst, now);
  const writer = new IngestWriter(database, options.groupCommit);
  const salt = new DailySalt(prisma, now);
  const suppression = new SuppressionCache(prisma);
  const services: EndpointServices = {
    writer,
    salt,
    limits,
    now,
    suppression,
    timeHorizonDays: options.timeHorizonDays,
    dryRun: dryRunner(prisma),
  };
  const usage = new TokenUsage(prisma, (error) =>
    app.log.warn({ err: error }, "could not record token use"),
  );
  // Unmatched requests (no project found) reach Live's channel at a bounded rate only.
  const respond = responder(gateUnmatched(database.live), now);
  // Requests still in flight at shutdown are answered after their batch commits.
  app.addHook("onClose", async () => {
    await writer.drain();
    await usage.close();
  });

  // Any content type is read as text and parsed in startTrace: beacons send JSON as
  // text/plain, and malformed JSON must be a 400 `Invalid!` with a reason, never a framework error.
  app.removeAllContentTypeParsers();
  // Bodies may come gzip- or deflate-compressed; each route's limit (a batch may carry
  // more than a single request) applies to the inflated size.
  app.addContentTypeParser("*", (request: FastifyRequest, payload: IncomingMessage) =>
    readBody(payload, request.routeOptions.bodyLimit ?? limits.bodyBytes),
  );
  // Callback style: an async hook costs a promise per request, and most requests carry no Origin.
  app.addHook("onRequest", (request, reply, done) => {
    applyCors(request, reply);
    done();
  });
  app.setErrorHandler(async (error: FrameworkError, request, reply) => {
    const outcome = frameworkFailure(error, request.routeOptions.bodyLimit ?? limits.bodyBytes);
    if (outcome.status === 503) request.log.error({ err: error }, "ingestion failed");
    return respond(reply, headerTrace(request), outcome);
  });

  const post = { bodyLimit: limits.bodyBytes };
  app.post("/e", post, route(track));
  app.post("/i", post, route(identify));
  app.post("/u", post, route(updateUser));
  app.post("/l", post, route(pageLeave));
  app.post("/batch", { bodyLimit: BATCH_MAX_BYTES }, route(batch, BATCH));
  // The browser SDK's resetUser: forget the visitor cookie so the next event starts anew.
  app.post("/r", (request, reply) => {
    const trace = headerTrace(request);
    trace.cookie = visitorCookie("", 0);
    return respond(reply, trace, ACKNOWLEDGED);
  });
  for (const path of ["/e", "/i", "/u", "/l", "/r", "/batch"]) app.options(path, answerPreflight);

  /** One handler per endpoint, built once at startup. */
  function route(endpoint: Endpoint, options = SINGLE) {
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const trace = startTrace(request);
      return respond(reply, trace, await ingest(endpoint, options, request, reply, trace));
    };
  }

  /** The pipeline: token, gates, then the endpoint within its deadline. */
  async function ingest(
    endpoint: Endpoint,
    options: RouteOptions,
    request: FastifyRequest,
    reply: FastifyReply,
    trace: RequestTrace,
  ): Promise<IngestOutcome> {
    if (trace.secretKey) return SECRET_KEY;
    const sent = trace.token;
    if (sent === null) return options.missingToken(trace);
    // A token seen within the cache's lifetime needs neither a lookup nor its deadline.
    let resolution = tokens.cached(sent);
    if (resolution === null) {
      try {
        resolution = await withDeadline(tokens.resolve(sent), LOOKUP_DEADLINE_MS, "token lookup");
      } catch (error) {
        request.log.error({ err: error }, "token lookup failed");
        return LOOKUP_FAILED;
      }
    }
    if (!resolution.valid) {
      trace.projectId = resolution.projectId;
      return invalidToken(resolution);
    }
    const token = resolution.token;
    trace.projectId = token.projectId;
    // A dry run leaves no trace in the database, the token's last use included.
    if (!trace.dryRun) usage.record(token.tokenId, now());
    const refusal = admit(request.headers, trace, token, limiter, options.cost(trace));
    if (refusal) return refusal;

    const pending = endpoint(services, { request, trace, token });
    try {
      return await withDeadline(pending, options.deadlineMs, "ingestion");
    } catch (error) {
      // Answered 503 now; should the write still commit, Live shows what it stored.
      if (error instanceof DeadlineError)
        pending.then((late) => respond(reply, trace, late)).catch(() => undefined);
      if (!(error instanceof QueueFullError))
        request.log.error({ err: error }, "ingestion write failed");
      return writeFailure(error);
    }
  }
};
