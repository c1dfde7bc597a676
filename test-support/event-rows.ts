import type { EventRow } from "../apps/server/src/ingest/event-row.ts";

type EventOrigin = Pick<EventRow, "id" | "projectId" | "tokenId" | "anonymousId" | "name">;

/** An event row as the track endpoint builds it, with only what a test names filled in. */
export function bareEventRow(fields: EventOrigin & Partial<EventRow>): EventRow {
  return {
    url: null,
    customData: {},
    customDataKinds: {},
    contextId: null,
    userAgent: null,
    browser: null,
    os: null,
    deviceType: null,
    referrer: null,
    sdk: null,
    sdkVersion: null,
    idempotencyKey: null,
    batchId: null,
    occurredAt: new Date(0),
    receivedAt: new Date(0),
    ...fields,
  };
}
