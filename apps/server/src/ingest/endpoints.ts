import { randomUUID } from "node:crypto";
import type { FastifyRequest } from "fastify";
import type { AcceptedItem } from "@inlet/db";
import {
  identifiedEventLink,
  parseIdentifyRequest,
  parseTrackRequest,
  parseUpdateUserRequest,
  resolveEventTime,
  senderKind,
  type BatchItem,
  type EventTime,
  type HeaderMap,
  type IngestLimits,
  type ParseResult,
  type TrackInput,
} from "@inlet/ingest";
import { resolveVisitor } from "./anonymous-identity.ts";
import type { BatchWrite } from "./batch-writes.ts";
import type { DryRunner } from "./dry-run-answer.ts";
import type { DailySalt } from "./daily-salt.ts";
import { eventRow, type EventRow } from "./event-row.ts";
import type { IngestWriter, StoredEvent } from "./ingest-writer.ts";
import { accepted, dropped, refused, type IngestOutcome } from "./outcome.ts";
import type { RequestTrace } from "./request-trace.ts";
import type { SuppressionCache } from "./suppression-cache.ts";
import type { ResolvedToken } from "./token-cache.ts";
import type { TrackJob } from "./track-batch.ts";

export interface EndpointServices {
  writer: IngestWriter;
  suppression: Pick<SuppressionCache, "suppressed">;
  salt: DailySalt;
  limits: IngestLimits;
  now: () => number;
  /** Event times older than this many days before their receipt are refused. */
  timeHorizonDays: number;
  dryRun: DryRunner;
}

/** A request that passed every gate: its token is valid and its body is JSON. */
export interface AdmittedRequest {
  request: FastifyRequest;
  trace: RequestTrace;
  token: ResolvedToken;
}

/** What `/e`, `/i`, `/u` and `/l` each do once admitted; throws only when the write fails. */
export type Endpoint = (
  services: EndpointServices,
  admitted: AdmittedRequest,
) => Promise<IngestOutcome>;

export interface Visit<Input> {
  input: Input;
  anonymousId: string;
  projectId: string;
  tokenId: string;
  request: FastifyRequest;
  now: () => number;
  /** When the request was received (epoch ms): one instant for all of a batch's items. */
  receivedAt: number;
}

/** What validating a request's times takes: the receive time and how far back is allowed. */
export interface RequestClock {
  receivedAt: number;
  horizonDays: number;
}

type Parse<Input> = (
  body: unknown,
  headers: HeaderMap,
  limits: IngestLimits,
  clock: RequestClock,
) => ParseResult<Input>;

// A deleted user's identifier: acknowledged, so clients do not retry, and never stored.
export const USER_DELETED_REASON = "user deleted";
const USER_DELETED = dropped("user-deleted", USER_DELETED_REASON);

/**
 * Validates the body (400 with its reason otherwise), drops requests naming a deleted
 * user, then identifies the visitor. Every item passes here, one request or a batch's.
 * A dry run stops before the store and says what it would do with the item.
 */
function endpoint<Input extends { allowCookies: boolean; identifier: string | null }>(
  parse: Parse<Input>,
  store: (writer: IngestWriter, visit: Visit<Input>) => Promise<IngestOutcome>,
  asItem: (input: Input) => TimedItem,
): Endpoint {
  return async (
    { writer, salt, limits, now, suppression, timeHorizonDays, dryRun },
    { request, trace, token },
  ) => {
    const receivedAt = now();
    const clock = { receivedAt, horizonDays: timeHorizonDays };
    const parsed = parse(trace.body, request.headers, limits, clock);
    if (!parsed.ok) return refused(400, parsed.reason);
    const { projectId, tokenId } = token;
    const { identifier } = parsed.value;
    if (
      identifier &&
      (await suppression.suppressed(projectId, token.suppressionVersion, identifier))
    )
      return USER_DELETED;
    const visitor = await resolveVisitor(request, projectId, parsed.value.allowCookies, salt);
    trace.cookie = visitor.cookie;
    const visit: Visit<Input> = {
      input: parsed.value,
      anonymousId: visitor.anonymousId,
      projectId,
      tokenId,
      request,
      now,
      receivedAt,
    };
    if (!trace.dryRun) return store(writer, visit);
    const { allowCookies } = parsed.value;
    const write = toWrite(asItem(parsed.value), visit);
    return dryRun.single({ visit, visitor, allowCookies, token, trace }, write);
  };
}

/** A track request whose time was resolved: what `/e` and a batch's events store. */
export interface TimedTrack extends TrackInput {
  time: EventTime;
}

/**
 * The event's time, or the refusal of one beyond the horizon; a batch item's too. The
 * parse result is the request's own, so it is given its time in place rather than copied
 * (a copy of some twenty fields per event).
 */
export function timedTrack(input: TrackInput, clock: RequestClock): ParseResult<TimedTrack> {
  const time = resolveEventTime(input, clock.receivedAt, clock.horizonDays);
  return time.ok ? { ok: true, value: Object.assign(input, { time: time.value }) } : time;
}

const parseTimedTrack: Parse<TimedTrack> = (body, headers, limits, clock) => {
  const parsed = parseTrackRequest(body, headers, limits);
  return parsed.ok ? timedTrack(parsed.value, clock) : parsed;
};

/** A validated item, its event's time resolved. */
export type TimedItem =
  Exclude<BatchItem, { type: "event" }> | { type: "event"; input: TimedTrack };

/** What storing a validated track request takes; a batch's events are built the same way. */
export function trackJob(input: TimedTrack, visit: Visit<unknown>): TrackJob {
  const event = eventRow(input, visit, visit.request.headers["user-agent"], input.time);
  const user = input.identifier
    ? {
        identifier: input.identifier,
        displayName: input.displayName,
        avatarUrl: input.avatarUrl,
        ops: input.userData,
      }
    : null;
  const link = identifiedEventLink(senderKind(visit.request.headers), input.allowCookies);
  return { event, user, link };
}

/** A valid item of a batch, or a single request as one, ready to write. */
export function toWrite(item: TimedItem, visit: Visit<unknown>): BatchWrite {
  switch (item.type) {
    case "event":
      return { type: "event", job: trackJob(item.input, visit), time: item.input.time };
    case "identify": {
      const { identifier, displayName, avatarUrl, userData } = item.input;
      return { type: "identify", user: { identifier, displayName, avatarUrl, ops: userData } };
    }
    case "updateUser": {
      const { identifier, displayName, avatarUrl, data } = item.input;
      return { type: "updateUser", change: { identifier, displayName, avatarUrl, ops: data } };
    }
  }
}

/** A stored event as Live shows it, under the user the insert returned. */
export function eventItem(event: EventRow, stored: StoredEvent): AcceptedItem {
  return {
    itemId: event.id,
    kind: "accepted",
    projectId: event.projectId,
    eventId: event.id,
    name: event.name,
    url: event.url,
    userIdentifier: stored.userIdentifier,
    anonymousId: event.anonymousId,
    customData: event.customData,
    at: event.receivedAt.toISOString(),
    novel: stored.novel,
  };
}

export const track = endpoint(
  parseTimedTrack,
  async (writer, visit) => {
    const job = trackJob(visit.input, visit);
    const stored = await writer.track(job);
    // A repeated idempotency key stores nothing, so Live has nothing new to show.
    return accepted(stored ? eventItem(job.event, stored) : null, visit.input.time.adjusted);
  },
  (input) => ({ type: "event", input }),
);

/**
 * Identifications and user updates are not events, but a developer wants to see them
 * arrive, under the user they touched.
 */
export function userChangeItem(visit: Visit<unknown>, name: string, user: string): AcceptedItem {
  return {
    itemId: randomUUID(),
    kind: "accepted",
    projectId: visit.projectId,
    eventId: null,
    name,
    url: null,
    userIdentifier: user,
    anonymousId: visit.anonymousId,
    customData: null,
    at: new Date(visit.now()).toISOString(),
  };
}

export const identify = endpoint(
  parseIdentifyRequest,
  async (writer, visit) => {
    const { identifier, displayName, avatarUrl, userData } = visit.input;
    await writer.identify(visit.projectId, visit.anonymousId, {
      identifier,
      displayName,
      avatarUrl,
      ops: userData,
    });
    return accepted(userChangeItem(visit, "$identify", identifier));
  },
  (input) => ({ type: "identify", input }),
);

export const NO_USER_REASON = "no user found: send identifier, or identify this visitor first";
const NO_USER = refused(400, NO_USER_REASON);

export const updateUser = endpoint(
  parseUpdateUserRequest,
  async (writer, visit) => {
    const { identifier, displayName, avatarUrl, data } = visit.input;
    const updated = await writer.updateUser(visit.projectId, visit.anonymousId, {
      identifier,
      displayName,
      avatarUrl,
      ops: data,
    });
    return updated === null ? NO_USER : accepted(userChangeItem(visit, "$update_user", updated));
  },
  (input) => ({ type: "updateUser", input }),
);

// Page-leave beacons carry time-on-page, which Inlet does not record; acknowledging them
// keeps the browser console clean, and the live stream shows that they were not stored.
const PAGE_LEAVE = dropped("page-leave", "page-leave beacons are acknowledged, not stored");

export const pageLeave: Endpoint = () => Promise.resolve(PAGE_LEAVE);
