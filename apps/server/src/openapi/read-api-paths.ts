// The read API (/api/v1) in OpenAPI 3.1 terms: its paths, the schemas they answer with,
// and the bearer scheme of secret keys. routes/openapi.ts assembles the document.

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string, extra: Record<string, unknown> = {}) => ({
  type: [type, "null"],
  ...extra,
});

const error = (description: string) => ({
  description,
  content: { "application/json": { schema: ref("ApiError") } },
});

const errors = {
  "401": error("Missing, unknown or revoked secret key, or a project token."),
  "403": error("The key lacks the scope this route needs."),
  "429": {
    ...error("Over the key's rate limit."),
    headers: { "Retry-After": { schema: { type: "integer" }, description: "Seconds to wait." } },
  },
};

const query = (name: string, description: string, schema: Record<string, unknown>) => ({
  name,
  in: "query",
  required: false,
  description,
  schema,
});

const eventFilters = [
  query("name", "Only events with exactly this name.", { type: "string", maxLength: 200 }),
  query("user", "Only events of the user with this identifier.", { type: "string" }),
  query("from", "Only events whose event time is at or after this (ISO 8601).", {
    type: "string",
    format: "date-time",
  }),
  query("to", "Only events whose event time is before this (ISO 8601).", {
    type: "string",
    format: "date-time",
  }),
  query("token", "Only events sent with this project token (its id or its value).", {
    type: "string",
  }),
  query("batch", "`true`: only events sent in a `POST /batch`; `false`: only single requests.", {
    enum: ["true", "false"],
  }),
];

const page = (name: string) =>
  query(name, "", { type: "integer", minimum: 1, maximum: 1000, default: 100 });
const cursor = query("cursor", "The `nextCursor` of the previous page.", { type: "string" });

export const readApiPaths = {
  "/api/v1/events": {
    get: {
      summary: "List events, newest first",
      security: [{ secretKey: [] }],
      parameters: [...eventFilters, cursor, page("limit")],
      responses: {
        "200": {
          description: "One page of events; `nextCursor` is null on the last page.",
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["events", "nextCursor"],
                properties: {
                  events: { type: "array", items: ref("Event") },
                  nextCursor: nullable("string"),
                },
              },
            },
          },
        },
        "400": error("A filter, cursor or limit that cannot be read."),
        ...errors,
      },
    },
  },
  "/api/v1/events/export": {
    get: {
      summary: "Export every matching event, streamed",
      description:
        "Newest first. NDJSON has one Event object per line; CSV has a header row and `customData` as JSON in one column.",
      security: [{ secretKey: [] }],
      parameters: [
        { name: "format", in: "query", required: true, schema: { enum: ["ndjson", "csv"] } },
        ...eventFilters,
      ],
      responses: {
        "200": {
          description: "The events, as a download.",
          content: {
            "application/x-ndjson": { schema: { type: "string" } },
            "text/csv": { schema: { type: "string" } },
          },
        },
        "400": error("A missing format or a filter that cannot be read."),
        ...errors,
      },
    },
  },
  "/api/v1/users": {
    get: {
      summary: "List users by identifier",
      security: [{ secretKey: [] }],
      parameters: [cursor, page("limit")],
      responses: {
        "200": {
          description: "One page of users; `nextCursor` is null on the last page.",
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["users", "nextCursor"],
                properties: {
                  users: { type: "array", items: ref("User") },
                  nextCursor: nullable("string"),
                },
              },
            },
          },
        },
        "400": error("A cursor or limit that cannot be read."),
        ...errors,
      },
    },
  },
  "/api/v1/users/{identifier}": {
    get: {
      summary: "One user: properties and counts",
      security: [{ secretKey: [] }],
      parameters: [{ name: "identifier", in: "path", required: true, schema: { type: "string" } }],
      responses: {
        "200": {
          description: "The user.",
          content: { "application/json": { schema: ref("UserDetail") } },
        },
        "404": error("No user with this identifier in the key's project."),
        ...errors,
      },
    },
    delete: {
      summary: "Delete a user and suppress their identifier (scope `delete`)",
      description:
        "The user, their visitor links and properties go at once and the identifier joins the project's suppression list: later events for it answer 200 and are not stored. Their events are removed in the background; follow `statusUrl`.",
      security: [{ secretKey: [] }],
      parameters: [{ name: "identifier", in: "path", required: true, schema: { type: "string" } }],
      responses: {
        "202": {
          description: "Deletion under way.",
          headers: {
            Location: {
              schema: { type: "string" },
              description: "The deletion's status path, as in `statusUrl`.",
            },
          },
          content: {
            "application/json": {
              schema: {
                type: "object",
                required: ["deletionId", "status", "statusUrl"],
                properties: {
                  deletionId: { type: "string", format: "uuid" },
                  status: { const: "in_progress" },
                  statusUrl: { type: "string", description: "Relative to the server." },
                },
              },
            },
          },
        },
        "404": error("No user with this identifier in the key's project."),
        ...errors,
      },
    },
  },
  "/api/v1/deletions/{deletionId}": {
    get: {
      summary: "How far a user deletion has come",
      security: [{ secretKey: [] }],
      parameters: [{ name: "deletionId", in: "path", required: true, schema: { type: "string" } }],
      responses: {
        "200": {
          description: "The deletion; `status` is `done` once every event is gone.",
          content: { "application/json": { schema: ref("UserDeletion") } },
        },
        "404": error("No deletion with this id in the key's project."),
        ...errors,
      },
    },
  },
};

const user = {
  identifier: { type: "string" },
  displayName: nullable("string"),
  avatarUrl: nullable("string"),
  properties: { type: "object", additionalProperties: true },
  createdAt: { type: "string", format: "date-time" },
  updatedAt: { type: "string", format: "date-time" },
};

export const readApiSchemas = {
  ApiError: {
    type: "object",
    required: ["error"],
    properties: {
      error: {
        type: "object",
        required: ["status", "reason"],
        properties: { status: { type: "integer" }, reason: { type: "string" } },
      },
    },
  },
  Event: {
    type: "object",
    properties: {
      id: { type: "string", format: "uuid" },
      name: { type: "string" },
      occurredAt: {
        type: "string",
        format: "date-time",
        description: "Event time: the client's timestamp corrected for its clock, else receivedAt",
      },
      receivedAt: { type: "string", format: "date-time", description: "When Inlet received it" },
      userIdentifier: nullable("string"),
      anonymousId: { type: "string" },
      url: nullable("string"),
      referrer: nullable("string"),
      customData: { type: "object", additionalProperties: true },
      browser: nullable("string"),
      os: nullable("string"),
      deviceType: nullable("string"),
      tokenId: nullable("string", { format: "uuid" }),
    },
  },
  User: { type: "object", properties: user },
  UserDetail: {
    type: "object",
    properties: {
      ...user,
      counts: {
        type: "object",
        properties: { events: { type: "integer" }, visitors: { type: "integer" } },
      },
      firstEventAt: nullable("string", { format: "date-time" }),
      lastEventAt: nullable("string", { format: "date-time" }),
    },
  },
  UserDeletion: {
    type: "object",
    required: ["deletionId", "status", "phase", "eventsTotal", "eventsDeleted", "requestedAt"],
    properties: {
      deletionId: { type: "string", format: "uuid" },
      status: { enum: ["in_progress", "done"] },
      phase: { enum: ["user_events", "matching_events", "finishing", "done"] },
      eventsTotal: { type: "integer", description: "The user's own events when deletion began." },
      eventsDeleted: {
        type: "integer",
        description: "Removed so far, including other events that named the identifier.",
      },
      requestedAt: { type: "string", format: "date-time" },
      finishedAt: nullable("string", { format: "date-time" }),
    },
  },
};

export const readApiSecuritySchemes = {
  secretKey: {
    type: "http",
    scheme: "bearer",
    description:
      "A secret key (`sk_…`) from the project's settings or `pnpm inlet create-api-key`. Scopes: `read`; `delete` for deletions.",
  },
};
