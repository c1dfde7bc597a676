import { randomUUID } from "node:crypto";
import type { FastifyReply } from "fastify";
import type { LiveBus } from "@inlet/db";
import {
  parseIdentifyRequest,
  parseTrackRequest,
  parseUpdateUserRequest,
  parseUserAgent,
  type IngestLimits,
} from "@inlet/ingest";
import { resolveAnonymousId } from "./anonymous-identity.ts";
import type { DailySalt } from "./daily-salt.ts";
import type { IngestWriter } from "./ingest-writer.ts";
import { acknowledge, drop, refuse, type RequestTrace } from "./outcome.ts";
import type { ResolvedToken } from "./token-cache.ts";

export interface EndpointServices {
  writer: IngestWriter;
  salt: DailySalt;
  live: LiveBus;
}

export interface EndpointRequest {
  trace: RequestTrace;
  body: unknown;
  resolved: ResolvedToken;
  limits: IngestLimits;
}

type EndpointHandler = (
  services: EndpointServices,
  input: EndpointRequest,
) => Promise<FastifyReply>;

const MAX_USER_AGENT_CHARS = 1_000;

const track: EndpointHandler = async (
  { writer, salt, live },
  { trace, body, resolved, limits },
) => {
  const parsed = parseTrackRequest(body, trace.request.headers, limits);
  if (!parsed.ok) return refuse(live, trace, 400, parsed.reason);
  const input = parsed.value;
  const anonymousId = await resolveAnonymousId(
    trace.request,
    trace.reply,
    resolved.projectId,
    input.allowCookies,
    salt,
  );
  const userAgent = trace.request.headers["user-agent"]?.slice(0, MAX_USER_AGENT_CHARS) ?? null;
  const agent = parseUserAgent(userAgent ?? undefined);
  const event = {
    id: randomUUID(),
    projectId: resolved.projectId,
    tokenId: resolved.tokenId,
    anonymousId,
    name: input.name,
    url: input.url,
    customData: input.customData,
    contextId: input.contextId,
    userAgent,
    browser: agent.browser,
    os: agent.os,
    deviceType: agent.deviceType,
    referrer: input.referrer,
    sdk: input.sdk,
    sdkVersion: input.sdkVersion,
    idempotencyKey: input.idempotencyKey,
    receivedAt: new Date(),
  };
  const user = input.identifier
    ? {
        identifier: input.identifier,
        displayName: input.displayName,
        avatarUrl: input.avatarUrl,
        ops: input.userData,
      }
    : null;
  const stored = await writer.track(event, user);
  if (stored) {
    live.publish({
      itemId: event.id,
      kind: "accepted",
      projectId: event.projectId,
      eventId: event.id,
      name: event.name,
      url: event.url,
      userIdentifier: input.identifier,
      anonymousId,
      customData: event.customData,
      at: event.receivedAt.toISOString(),
    });
  }
  return acknowledge(trace);
};

const identify: EndpointHandler = async (
  { writer, salt, live },
  { trace, body, resolved, limits },
) => {
  const parsed = parseIdentifyRequest(body, trace.request.headers, limits);
  if (!parsed.ok) return refuse(live, trace, 400, parsed.reason);
  const input = parsed.value;
  const anonymousId = await resolveAnonymousId(
    trace.request,
    trace.reply,
    resolved.projectId,
    input.allowCookies,
    salt,
  );
  await writer.identify(resolved.projectId, anonymousId, {
    identifier: input.identifier,
    displayName: input.displayName,
    avatarUrl: input.avatarUrl,
    ops: input.userData,
  });
  return acknowledge(trace);
};

const updateUser: EndpointHandler = async (
  { writer, salt, live },
  { trace, body, resolved, limits },
) => {
  const parsed = parseUpdateUserRequest(body, trace.request.headers, limits);
  if (!parsed.ok) return refuse(live, trace, 400, parsed.reason);
  const input = parsed.value;
  const anonymousId = await resolveAnonymousId(
    trace.request,
    trace.reply,
    resolved.projectId,
    input.allowCookies,
    salt,
  );
  const updated = await writer.updateUser(resolved.projectId, anonymousId, {
    identifier: input.identifier,
    displayName: input.displayName,
    avatarUrl: input.avatarUrl,
    ops: input.data,
  });
  if (!updated) {
    return refuse(
      live,
      trace,
      400,
      "no user found: send identifier, or identify this visitor first",
    );
  }
  return acknowledge(trace);
};

// Page-leave beacons carry time-on-page, which Inlet does not record; acknowledging them
// keeps the browser console clean, and the live stream shows that they were not stored.
const pageLeave: EndpointHandler = async ({ live }, { trace }) =>
  drop(live, trace, "page-leave", "page-leave beacons are acknowledged, not stored");

export const endpointHandlers = { "/e": track, "/i": identify, "/u": updateUser, "/l": pageLeave };
