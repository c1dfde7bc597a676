import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { Database } from "@inlet/db";
import { extractToken, isBot, isPrefetch, type IngestLimits } from "@inlet/ingest";
import { withDeadline } from "../http/deadline.ts";
import { visitorCookie } from "./anonymous-identity.ts";
import { answerPreflight, applyCors, isOriginAllowed } from "./cors.ts";
import { DailySalt } from "./daily-salt.ts";
import { endpointHandlers, type EndpointServices } from "./endpoints.ts";
import { QueueFullError, type GroupCommitOptions } from "./group-commit.ts";
import { IngestWriter } from "./ingest-writer.ts";
import { drop, refuse, type RequestTrace } from "./outcome.ts";
import { RateLimiter } from "../http/rate-limiter.ts";
import { TokenCache } from "./token-cache.ts";
import { TokenUsage } from "./token-usage.ts";

export interface IngestOptions {
  database: Database;
  limits: IngestLimits;
  rateLimitPerSecond: number;
  rateLimitBurst: number;
  groupCommit: GroupCommitOptions;
  now?: () => number;
}

const ENDPOINTS = ["/e", "/i", "/u", "/l"] as const;
// A silent database must turn into a 503 quickly: clients retry, a hung request helps no one.
const LOOKUP_DEADLINE_MS = 3_000;
const WRITE_DEADLINE_MS = 5_000;
type Endpoint = (typeof ENDPOINTS)[number];

function parseJson(raw: string): { ok: true; body: unknown } | { ok: false } {
  try {
    return { ok: true, body: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false };
  }
}

/** The public REST surface: `/e`, `/i`, `/u` of the contract, and the SDK's `/l` and `/r`. */
export const ingestRoutes: FastifyPluginAsync<IngestOptions> = async (app, options) => {
  const { database, limits } = options;
  const { live, prisma } = database;
  const tokens = new TokenCache(prisma, { now: options.now });
  const limiter = new RateLimiter(options.rateLimitPerSecond, options.rateLimitBurst);
  const writer = new IngestWriter(database, options.groupCommit);
  const services: EndpointServices = { writer, salt: new DailySalt(prisma), live };
  const usage = new TokenUsage(prisma, (error) =>
    app.log.warn({ err: error }, "could not record token use"),
  );
  // Requests still in flight at shutdown are answered after their batch commits.
  app.addHook("onClose", async () => {
    await writer.drain();
    await usage.close();
  });

  // Any content type is read as text and parsed here: beacons send JSON as text/plain,
  // and malformed JSON must be a 400 `Invalid!` with a reason, never a framework error.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    "*",
    { parseAs: "string", bodyLimit: limits.bodyBytes },
    (_req, body, done) => done(null, body),
  );

  app.addHook("onRequest", async (request, reply) => applyCors(request, reply));

  app.setErrorHandler(
    async (error: { statusCode?: number; code?: string; message: string }, request, reply) => {
      const status =
        error.statusCode && error.statusCode >= 400 && error.statusCode < 500
          ? error.statusCode
          : 503;
      const reason =
        error.code === "FST_ERR_CTP_BODY_TOO_LARGE"
          ? `body is larger than ${limits.bodyBytes} bytes`
          : status === 503
            ? "server could not handle the request; retry"
            : "request could not be read";
      if (status === 503) request.log.error({ err: error }, "ingestion failed");
      const trace = {
        request,
        reply,
        rawBody: "",
        token: extractToken(undefined, request.headers),
        projectId: null,
      };
      return refuse(live, trace, status, reason, status === 503 ? 1 : undefined);
    },
  );

  for (const path of [...ENDPOINTS, "/r"]) app.options(path, answerPreflight);

  for (const endpoint of ENDPOINTS) {
    app.post(endpoint, { bodyLimit: limits.bodyBytes }, (request, reply) =>
      handle(endpoint, request, reply),
    );
  }

  // The browser SDK's resetUser: forget the visitor cookie so the next event starts anew.
  app.post("/r", async (_request, reply) =>
    reply.header("set-cookie", visitorCookie("", 0)).code(200).send(),
  );

  async function handle(endpoint: Endpoint, request: FastifyRequest, reply: FastifyReply) {
    const rawBody = typeof request.body === "string" ? request.body : "";
    const trace: RequestTrace = { request, reply, rawBody, token: null, projectId: null };
    const parsed = parseJson(rawBody);
    if (parsed.ok) trace.body = parsed.body;
    trace.token = extractToken(parsed.ok ? parsed.body : undefined, request.headers);
    if (!trace.token) {
      return refuse(
        live,
        trace,
        parsed.ok ? 401 : 400,
        parsed.ok ? "missing project token" : "body is not valid JSON",
      );
    }

    let resolution;
    try {
      resolution = await withDeadline(
        tokens.resolve(trace.token),
        LOOKUP_DEADLINE_MS,
        "token lookup",
      );
    } catch (error) {
      request.log.error({ err: error }, "token lookup failed");
      return refuse(live, trace, 503, "database unavailable; retry", 1);
    }
    if (!resolution.valid) {
      trace.projectId = resolution.projectId;
      const reason = resolution.projectId
        ? "project token revoked or expired"
        : "unknown project token";
      return refuse(live, trace, 401, reason);
    }
    const resolved = resolution.token;
    trace.projectId = resolved.projectId;
    usage.record(resolved.tokenId, options.now?.() ?? Date.now());

    if (!parsed.ok) return refuse(live, trace, 400, "body is not valid JSON");
    if (!isOriginAllowed(request.headers.origin, resolved.allowedOrigins)) {
      return refuse(live, trace, 403, "origin is not in the project's allowed origins");
    }
    if (isPrefetch(request.headers))
      return drop(live, trace, "prefetch", "prefetch requests are not stored");

    const rate = limiter.take(resolved.tokenId);
    if (!rate.allowed)
      return refuse(live, trace, 429, "token rate limit exceeded", rate.retryAfterSeconds);
    if (resolved.filterBots && isBot(request.headers["user-agent"])) {
      return drop(live, trace, "bot", "known bot user agent; not stored");
    }

    try {
      const handled = endpointHandlers[endpoint](services, {
        trace,
        body: parsed.body,
        resolved,
        limits,
      });
      return await withDeadline(handled, WRITE_DEADLINE_MS, "ingestion");
    } catch (error) {
      if (error instanceof QueueFullError)
        return refuse(live, trace, 503, "server is busy; retry", 1);
      request.log.error({ err: error }, "ingestion write failed");
      return refuse(live, trace, 503, "database could not take the write; retry", 1);
    }
  }
};
