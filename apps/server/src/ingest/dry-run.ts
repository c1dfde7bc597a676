import {
  eventUser,
  linksVisitor,
  updatedUser,
  type EventTime,
  type EventUserRule,
  type IdentifiedEventLink,
  type UpdateUserRule,
} from "@inlet/ingest";
import type { BatchWrite } from "./batch-writes.ts";
import type { EventRow } from "./event-row.ts";
import { previewUserChange, type StoredUser, type UserChanges } from "./user-change-preview.ts";
import type { UserChange } from "./user-writes.ts";

// What a dry run (`?dryRun=1`) says a request would store, decided without I/O: the
// database's part (the visitor's link, known users and keys) is read first and passed in
// as a DryRunState, and the items are folded over it in order, as writeBatch applies them.

/** What the database holds before the request, as far as its items can see. */
export interface DryRunState {
  /** The identifier of the user the visitor is linked to, if any. */
  linked: string | null;
  /** The stored users the items name (the linked one included), by identifier. */
  users: ReadonlyMap<string, StoredUser>;
  /** Those of the items' ids (idempotency keys) already stored. */
  storedKeys: ReadonlySet<string>;
  /** The visitor's stored events without a user: what an identify would adopt. */
  anonymousEvents: number;
}

/** The user an item would belong to, the rule that decided it, and whether it is new. */
export interface UserVerdict {
  identifier: string | null;
  rule: EventUserRule | UpdateUserRule | "identify";
  new: boolean;
}

/** The visitor's link before and after the item (one visitor per request). */
export interface LinkVerdict {
  /** Why an identified event does or does not link its visitor; null for other items. */
  rule: IdentifiedEventLink | "identify" | null;
  before: string | null;
  after: string | null;
}

/** The event's stored times, and how the event time was arrived at (resolveEventTime). */
export interface TimeVerdict {
  receivedAt: string;
  occurredAt: string;
  /** `received`, `timestamp` (the client's, as sent) or `corrected` (plus the clock skew). */
  source: EventTime["source"];
  skewMs: number | null;
  /** `future`: the client's time was over an hour ahead, so the receive time would be stored. */
  adjusted: EventTime["adjusted"];
}

/** The event as it would be stored, without the ids and times the store assigns. */
export type EventPreview = Pick<
  EventRow,
  | "anonymousId"
  | "name"
  | "url"
  | "customData"
  | "customDataKinds"
  | "contextId"
  | "userAgent"
  | "browser"
  | "os"
  | "deviceType"
  | "referrer"
  | "sdk"
  | "sdkVersion"
  | "idempotencyKey"
>;

export type ItemPreview =
  | {
      status: 200;
      type: "event";
      event: EventPreview;
      user: UserVerdict;
      visitorLink: LinkVerdict;
      duplicate: boolean;
      time: TimeVerdict;
      /** Only for an event that names its user: what it would change about that user. */
      changes?: UserChanges;
    }
  | {
      status: 200;
      type: "identify";
      user: UserVerdict;
      visitorLink: LinkVerdict;
      /** The visitor's events without a user that it would adopt (stored and earlier in the batch). */
      adopts: number;
      changes: UserChanges;
    }
  | { status: 200; type: "updateUser"; user: UserVerdict; changes: UserChanges }
  /** A `/u` that finds no user: refused as the real request would be. */
  | { status: 400; type: "updateUser"; noUser: true };

function eventPreview(event: EventRow): EventPreview {
  const { anonymousId, name, url, customData, customDataKinds, contextId, userAgent } = event;
  const { browser, os, deviceType, referrer, sdk, sdkVersion, idempotencyKey } = event;
  return {
    anonymousId,
    name,
    url,
    customData,
    customDataKinds,
    contextId,
    userAgent,
    browser,
    os,
    deviceType,
    referrer,
    sdk,
    sdkVersion,
    idempotencyKey,
  };
}

const timeOf = (event: EventRow, time: EventTime): TimeVerdict => ({
  receivedAt: event.receivedAt.toISOString(),
  occurredAt: event.occurredAt.toISOString(),
  source: time.source,
  skewMs: time.skewMs,
  adjusted: time.adjusted,
});

/** Folds the items over the state in order; each sees what the ones before it did. */
export function previewWrites(writes: BatchWrite[], state: DryRunState): ItemPreview[] {
  let linked = state.linked;
  let anonymousEvents = state.anonymousEvents;
  const users = new Map(state.users);
  const keys = new Set(state.storedKeys);
  const userVerdict = (identifier: string, rule: UserVerdict["rule"]): UserVerdict => ({
    identifier,
    rule,
    new: !users.has(identifier),
  });
  const applyChange = (change: UserChange): UserChanges => {
    const { after, changes } = previewUserChange(users.get(change.identifier), change);
    users.set(change.identifier, after);
    return changes;
  };

  return writes.map((write): ItemPreview => {
    switch (write.type) {
      case "event": {
        const { event, user, link } = write.job;
        const key = event.idempotencyKey;
        const duplicate = key !== null && keys.has(key);
        if (key !== null) keys.add(key);
        const owner = eventUser(user?.identifier ?? null, linked);
        const verdict: UserVerdict =
          owner.user === null
            ? { identifier: null, rule: owner.rule, new: false }
            : owner.rule === "sent-identifier"
              ? userVerdict(owner.user, owner.rule)
              : { identifier: owner.user, rule: owner.rule, new: false };
        const before = linked;
        if (owner.rule === "sent-identifier" && linksVisitor(link)) linked = owner.user;
        if (owner.rule === "anonymous" && !duplicate) anonymousEvents++;
        return {
          status: 200,
          type: "event",
          event: eventPreview(event),
          user: verdict,
          visitorLink: { rule: user ? link : null, before, after: linked },
          duplicate,
          time: timeOf(event, write.time),
          ...(user && { changes: applyChange(user) }),
        };
      }
      case "identify": {
        const { identifier } = write.user;
        const user = userVerdict(identifier, "identify");
        const before = linked;
        const adopts = anonymousEvents;
        linked = identifier;
        anonymousEvents = 0;
        return {
          status: 200,
          type: "identify",
          user,
          visitorLink: { rule: "identify", before, after: identifier },
          adopts,
          changes: applyChange(write.user),
        };
      }
      case "updateUser": {
        const target = updatedUser(write.change.identifier, linked);
        if (target.user === null) return { status: 400, type: "updateUser", noUser: true };
        return {
          status: 200,
          type: "updateUser",
          user: userVerdict(target.user, target.rule),
          changes: applyChange({ ...write.change, identifier: target.user }),
        };
      }
    }
  });
}
