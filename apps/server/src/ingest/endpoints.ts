import { randomUUID } from "node:crypto";
import type { FastifyReply } from "fastify";
import type { LiveBus } from "@inlet/db";
import {
  parseIdentifyRequest,
  parseTrackRequest,
  parseUpdateUserRequest,
  parseUserAgent,
  type HeaderMap,
  type IngestLimits,
  type ParseResult,
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
  request: EndpointRequest,
) => Promise<FastifyReply>;

interface Visit<Input> {
  input: Input;
  anonymousId: string;
  projectId: string;
  tokenId: string;
  trace: RequestTrace;
}

const MAX_USER_AGENT_CHARS = 1_000;

/** Validates the body (400 with its reason otherwise), then identifies the visitor. */
function endpoint<Input extends { allowCookies: boolean }>(
  parse: (body: unknown, headers: HeaderMap, limits: IngestLimits) => ParseResult<Input>,
  store: (services: EndpointServices, visit: Visit<Input>) => Promise<FastifyReply>,
): EndpointHandler {
  return async (services, { trace, body, resolved, limits }) => {
    const parsed = parse(body, trace.request.headers, limits);
    if (!parsed.ok) return refuse(services.live, trace, 400, parsed.reason);
    const { projectId, tokenId } = resolved;
    const anonymousId = await resolveAnonymousId(
      trace.request,
      trace.reply,
      projectId,
      parsed.value.allowCookies,
      services.salt,
    );
    return store(services, {
      input: parsed.value,
      anonymousId,
      projectId,
      tokenId,
      trace,
    });
  };
}

const track = endpoint(
  parseTrackRequest,
  async ({ writer, live }, { input, anonymousId, projectId, tokenId, trace }) => {
    const userAgent = trace.request.headers["user-agent"]?.slice(0, MAX_USER_AGENT_CHARS) ?? null;
    const agent = parseUserAgent(userAgent ?? undefined);
    const event = {
      id: randomUUID(),
      projectId,
      tokenId,
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
        projectId,
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
  },
);

/** Identifications and user updates are not events, but a developer wants to see them arrive. */
function publishUserChange(
  live: LiveBus,
  visit: Visit<{ identifier: string | null }>,
  name: string,
) {
  live.publish({
    itemId: randomUUID(),
    kind: "accepted",
    projectId: visit.projectId,
    eventId: null,
    name,
    url: null,
    userIdentifier: visit.input.identifier,
    anonymousId: visit.anonymousId,
    customData: null,
    at: new Date().toISOString(),
  });
}

const identify = endpoint(parseIdentifyRequest, async ({ writer, live }, visit) => {
  const { identifier, displayName, avatarUrl, userData } = visit.input;
  await writer.identify(visit.projectId, visit.anonymousId, {
    identifier,
    displayName,
    avatarUrl,
    ops: userData,
  });
  publishUserChange(live, visit, "$identify");
  return acknowledge(visit.trace);
});

const updateUser = endpoint(parseUpdateUserRequest, async ({ writer, live }, visit) => {
  const { identifier, displayName, avatarUrl, data } = visit.input;
  const updated = await writer.updateUser(visit.projectId, visit.anonymousId, {
    identifier,
    displayName,
    avatarUrl,
    ops: data,
  });
  if (!updated)
    return refuse(
      live,
      visit.trace,
      400,
      "no user found: send identifier, or identify this visitor first",
    );
  publishUserChange(live, visit, "$update_user");
  return acknowledge(visit.trace);
});

// Page-leave beacons carry time-on-page, which Inlet does not record; acknowledging them
// keeps the browser console clean, and the live stream shows that they were not stored.
const pageLeave: EndpointHandler = async ({ live }, { trace }) =>
  drop(live, trace, "page-leave", "page-leave beacons are acknowledged, not stored");

export const endpointHandlers = { "/e": track, "/i": identify, "/u": updateUser, "/l": pageLeave };
