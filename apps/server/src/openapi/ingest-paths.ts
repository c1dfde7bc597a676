import {
  BATCH_MAX_BYTES,
  BATCH_MAX_ITEMS,
  DEFAULT_INGEST_LIMITS,
  DEFAULT_TIME_HORIZON_DAYS,
  FUTURE_TOLERANCE_MS,
} from "@inlet/ingest";
import { dryRunSchemas } from "./dry-run-schemas.ts";

// The ingest contract as OpenAPI 3.1 path items. The rules themselves live in
// packages/ingest; this describes them for clients and code generators.

const text = { type: "string" } as const;
const nullableText = { type: ["string", "null"] } as const;
const integer = { type: "integer" } as const;

const userData = {
  type: ["object", "null"],
  properties: {
    set: { type: "object" },
    setOnce: { type: "object" },
    unset: { type: "array", items: text },
  },
} as const;

const identity = {
  identifier: { ...nullableText, description: "Alias: userIdentifier" },
  displayName: { ...nullableText, description: "Alias: userDisplayName" },
  avatarUrl: { ...nullableText, description: "Alias: userAvatarUrl" },
} as const;

const token = { projectToken: { ...text, description: "Or the Token header" } } as const;

// Client times: ISO 8601 with a zone, or epoch milliseconds.
const instant = {
  oneOf: [
    { type: "string", format: "date-time" },
    { type: "integer", minimum: 100_000_000_000 },
  ],
} as const;
const futureHours = FUTURE_TOLERANCE_MS / 3_600_000;

const timestamp = {
  ...instant,
  description:
    "When the event happened, by the client's clock. Stored as the event time, plus " +
    "(receive time − sentAt) when sentAt is given. Over " +
    `${futureHours} hour ahead after that: the receive time is stored and the answer is ` +
    "flagged (X-Inlet-Time-Adjusted: future, or timeAdjusted in a batch). Older than the " +
    `horizon (INGEST_TIME_HORIZON_DAYS, default ${DEFAULT_TIME_HORIZON_DAYS}): refused, 400.`,
} as const;

const sentAt = {
  ...instant,
  description:
    "When the client sent the request, by the clock that stamped timestamp; measures its skew.",
} as const;

// Named apart from the read API's `Event` (what is stored), since both share one document.
export const ingestSchemas = {
  TrackEvent: {
    type: "object",
    required: ["name"],
    properties: {
      name: { ...text, maxLength: DEFAULT_INGEST_LIMITS.nameMaxChars },
      url: nullableText,
      ...identity,
      customData: { type: ["object", "null"], additionalProperties: true },
      userData,
      contextId: nullableText,
      id: { ...text, description: "Idempotency key (or the Idempotency-Key header)" },
      timestamp,
    },
  },
  Identify: {
    type: "object",
    required: ["identifier"],
    properties: { ...identity, data: userData, userData },
  },
  UpdateUser: { type: "object", properties: { ...identity, data: userData, userData } },
  // What a single request adds to its item's fields; a batch has it in the envelope.
  SentAt: { type: "object", properties: { sentAt } },
  BatchVerdicts: {
    type: "object",
    required: ["accepted", "rejected", "duplicate"],
    properties: {
      accepted: { type: "integer", description: "Stored items, duplicates included" },
      rejected: {
        type: "array",
        items: {
          type: "object",
          required: ["index", "status", "reason"],
          properties: { index: { type: "integer" }, status: { type: "integer" }, reason: text },
        },
      },
      duplicate: { type: "array", items: { type: "integer" } },
      timeAdjusted: {
        type: "array",
        description:
          "Stored items whose timestamp lay in the future, stored under the receive time " +
          "instead; present only when there are some",
        items: {
          type: "object",
          required: ["index", "reason"],
          properties: { index: { type: "integer" }, reason: { const: "future" } },
        },
      },
    },
  },
  ...dryRunSchemas,
} as const;

const ref = (name: keyof typeof ingestSchemas) => ({ $ref: `#/components/schemas/${name}` });

/** A dry run's refusals keep their status and answer JSON; the header marks every dry-run answer. */
const dryRunRefusal = { "application/json": { schema: ref("DryRunRefusal") } };
const dryRunHeader = {
  "X-Inlet-Dry-Run": { schema: { const: "1" }, description: "Present on dry-run answers" },
};

const refusal = (description: string) => ({
  description: `${description}. In a dry run, the same status with a JSON body`,
  headers: { "X-Inlet-Reason": { schema: text, description: "Why" }, ...dryRunHeader },
  content: dryRunRefusal,
});

const rateLimitHeaders = {
  "X-RateLimit-Limit": { schema: { type: "integer" }, description: "The token's burst" },
  "X-RateLimit-Remaining": { schema: { type: "integer" } },
  "X-RateLimit-Reset": { schema: { type: "integer" }, description: "Seconds until full" },
};

const commonResponses = {
  "400": refusal("Body `Invalid!`; the reason is in X-Inlet-Reason"),
  "401": refusal("Missing, unknown, revoked or expired token"),
  "413": refusal("Body larger than the limit after decompression"),
  "415": refusal("Content-Encoding other than gzip, deflate or identity"),
  "429": refusal("Over the token's rate limit; see Retry-After"),
  "503": refusal("Nothing stored; retry after Retry-After"),
};

const timeAdjusted = {
  "X-Inlet-Time-Adjusted": {
    schema: { const: "future" },
    description: "The timestamp lay over an hour ahead; the receive time was stored instead",
  },
};

const dryRunDescription =
  "Run every check and answer what would be stored (JSON), storing nothing; the rate limit still counts";

const parameters = [
  { name: "Content-Encoding", in: "header", schema: { enum: ["gzip", "deflate", "identity"] } },
  { name: "Token", in: "header", schema: text },
  { name: "dryRun", in: "query", schema: { enum: ["1", "true"] }, description: dryRunDescription },
  { name: "X-Inlet-Dry-Run", in: "header", schema: { enum: ["1", "true"] }, description: "Same" },
];

function single(summary: string, schema: keyof typeof ingestSchemas) {
  return {
    post: {
      summary,
      parameters,
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: { allOf: [ref(schema), ref("SentAt"), { type: "object", properties: token }] },
          },
        },
      },
      responses: {
        "200": {
          description:
            "Committed (empty body). In a dry run: what would be stored, or a drop (DryRunRefusal)",
          headers:
            schema === "TrackEvent"
              ? { ...rateLimitHeaders, ...timeAdjusted, ...dryRunHeader }
              : { ...rateLimitHeaders, ...dryRunHeader },
          content: {
            "application/json": {
              schema: {
                oneOf: [{ allOf: [ref("DryRunRequest"), ref("DryRunItem")] }, ref("DryRunRefusal")],
              },
            },
          },
        },
        ...commonResponses,
      },
    },
  };
}

const batchItem = (type: string, schema: keyof typeof ingestSchemas) => ({
  allOf: [
    ref(schema),
    { type: "object", required: ["type"], properties: { type: { const: type } } },
  ],
});

export const ingestPaths = {
  "/e": single("Track an event", "TrackEvent"),
  "/i": single("Identify the sending visitor as a user", "Identify"),
  "/u": single("Update a user", "UpdateUser"),
  "/batch": {
    post: {
      summary: `Send up to ${BATCH_MAX_ITEMS} items (${BATCH_MAX_BYTES} bytes decompressed)`,
      description:
        "Items apply in order, each with its own verdict; all accepted items commit together. " +
        "An item may not carry sentAt: the envelope's applies to all.",
      parameters,
      requestBody: {
        required: true,
        content: {
          "application/json": {
            schema: {
              type: "object",
              required: ["batch"],
              properties: {
                ...token,
                sentAt: { ...sentAt, description: `${sentAt.description} For every item.` },
                batch: {
                  type: "array",
                  maxItems: BATCH_MAX_ITEMS,
                  items: {
                    oneOf: [
                      batchItem("event", "TrackEvent"),
                      batchItem("identify", "Identify"),
                      batchItem("updateUser", "UpdateUser"),
                    ],
                  },
                },
              },
            },
          },
        },
      },
      responses: {
        "200": {
          description:
            "Every accepted item is committed. In a dry run, nothing is: the verdicts come with each item's result in `items`",
          headers: { ...rateLimitHeaders, ...dryRunHeader },
          content: {
            "application/json": {
              schema: {
                oneOf: [
                  ref("BatchVerdicts"),
                  {
                    allOf: [
                      ref("BatchVerdicts"),
                      ref("DryRunRequest"),
                      {
                        type: "object",
                        properties: {
                          items: {
                            type: "array",
                            items: {
                              oneOf: [
                                ref("DryRunItem"),
                                {
                                  type: "object",
                                  required: ["index", "status", "reason"],
                                  properties: { index: integer, status: integer, reason: text },
                                },
                              ],
                            },
                          },
                        },
                      },
                    ],
                  },
                  ref("DryRunRefusal"),
                ],
              },
            },
          },
        },
        ...commonResponses,
      },
    },
  },
} as const;
