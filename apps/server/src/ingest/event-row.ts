import { randomUUID } from "node:crypto";
import {
  parseUserAgent,
  USER_AGENT_MAX_CHARS,
  type EventTime,
  type TrackInput,
  type ValueKind,
} from "@inlet/ingest";

/** One stored event, as the track endpoint builds it and the batch insert writes it. */
export interface EventRow {
  id: string;
  projectId: string;
  tokenId: string;
  anonymousId: string;
  name: string;
  url: string | null;
  customData: Record<string, string>;
  /** What each property was sent as (the catalogue counts kinds; stored values are text). */
  customDataKinds: Record<string, ValueKind>;
  contextId: string | null;
  userAgent: string | null;
  browser: string | null;
  os: string | null;
  deviceType: string | null;
  referrer: string | null;
  sdk: string | null;
  sdkVersion: string | null;
  idempotencyKey: string | null;
  /** The `POST /batch` request that carried it, null for a single request. */
  batchId: string | null;
  /** The event time: the client's, corrected for its clock (resolveEventTime), or receivedAt. */
  occurredAt: Date;
  receivedAt: Date;
}

export interface EventSender {
  projectId: string;
  tokenId: string;
  anonymousId: string;
}

/** The row for a validated track request; the agent is cut to the shared cap, then parsed. */
export function eventRow(
  input: TrackInput,
  sender: EventSender,
  userAgentHeader: string | undefined,
  time: Pick<EventTime, "occurredAt" | "receivedAt">,
): EventRow {
  const userAgent = userAgentHeader?.slice(0, USER_AGENT_MAX_CHARS) ?? null;
  const agent = parseUserAgent(userAgent ?? undefined);
  return {
    id: randomUUID(),
    projectId: sender.projectId,
    tokenId: sender.tokenId,
    anonymousId: sender.anonymousId,
    name: input.name,
    url: input.url,
    customData: input.customData,
    customDataKinds: input.customDataKinds,
    contextId: input.contextId,
    userAgent,
    browser: agent.browser,
    os: agent.os,
    deviceType: agent.deviceType,
    referrer: input.referrer,
    sdk: input.sdk,
    sdkVersion: input.sdkVersion,
    idempotencyKey: input.idempotencyKey,
    batchId: null,
    occurredAt: new Date(time.occurredAt),
    receivedAt: new Date(time.receivedAt),
  };
}
