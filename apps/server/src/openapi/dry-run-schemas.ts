// The answers of a dry run (`?dryRun=1` or `X-Inlet-Dry-Run: 1`) as OpenAPI 3.1 schemas.
// What they report is decided in apps/server/src/ingest/dry-run.ts.

const text = { type: "string" } as const;
const nullableText = { type: ["string", "null"] } as const;
const integer = { type: "integer" } as const;

const user = {
  type: "object",
  required: ["identifier", "rule", "new"],
  properties: {
    identifier: { ...nullableText, description: "Null: the event would be anonymous" },
    rule: {
      enum: ["sent-identifier", "visitor-link", "anonymous", "identify"],
      description:
        "Why this user: the identifier sent with the item, the visitor's link at that moment, none, or the identify itself",
    },
    new: { type: "boolean", description: "The user does not exist yet and would be created" },
  },
} as const;

const visitorLink = {
  type: "object",
  properties: {
    rule: {
      enum: ["browser-links", "cookie-visitor-links", "server-keeps-link", "identify", null],
      description: "Why an identified event or identify does or does not link the visitor",
    },
    before: nullableText,
    after: nullableText,
  },
} as const;

export const dryRunSchemas = {
  DryRunItem: {
    type: "object",
    description:
      "What one item would do. `event` items carry the normalised event, `user`, `visitorLink`, `duplicate` and `time`; `identify` carries `adopts` (the visitor's anonymous events it would take over); `identify`, `updateUser` and an event that names its user carry `changes`: only what would differ from the stored user (`displayName`, `avatarUrl`, `properties: { set, unset }`), `{}` when nothing would.",
    required: ["status", "type"],
    properties: {
      index: { ...integer, description: "In a batch: the item's position" },
      status: { enum: [200] },
      type: { enum: ["event", "identify", "updateUser"] },
      event: { type: "object", additionalProperties: true },
      user,
      visitorLink,
      duplicate: { type: "boolean", description: "Its id is already stored: nothing new" },
      adopts: integer,
      changes: { type: "object", additionalProperties: true },
      time: {
        type: "object",
        description: "The receive time, the event time it would be stored under, and how",
        properties: {
          receivedAt: text,
          occurredAt: text,
          source: { enum: ["received", "timestamp", "corrected"] },
          skewMs: { type: ["integer", "null"], description: "receive time − sentAt" },
          adjusted: { enum: ["future", null] },
        },
      },
    },
  },
  DryRunRequest: {
    type: "object",
    required: ["dryRun", "visitor", "bot"],
    properties: {
      dryRun: { const: true },
      visitor: {
        type: "object",
        properties: {
          anonymousId: text,
          source: { enum: ["cookieless", "cookie", "new-cookie"] },
          sender: { enum: ["browser", "server"] },
        },
      },
      bot: {
        type: "object",
        properties: { detected: { type: "boolean" }, filtered: { type: "boolean" } },
      },
    },
  },
  DryRunRefusal: {
    type: "object",
    description: "A dry run refused or dropped: the real request's status and reason",
    required: ["dryRun", "status", "reason"],
    properties: {
      dryRun: { const: true },
      status: integer,
      reason: text,
      dropped: { enum: ["bot", "prefetch", "user-deleted", "page-leave"] },
    },
  },
} as const;
