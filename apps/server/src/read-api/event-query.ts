import { receivedAtBounds } from "@inlet/contracts";
import { z } from "zod";

// The query string of /api/v1/events and its export, checked before any database work: a
// filter that cannot be read is a 400 with the reason, never a silently wider result.

const isoDate = z.iso
  .datetime({ offset: true })
  .or(z.iso.date())
  .transform((text) => new Date(text));

export const eventFiltersSchema = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  user: z.string().min(1).max(255).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  // The token's id, or the project token itself (programs know the latter).
  token: z.union([z.uuid(), z.string().regex(/^proj_[A-Za-z0-9]{8,64}$/)]).optional(),
  // true: only events that came in a `POST /batch`; false: only single requests.
  batch: z
    .enum(["true", "false"])
    .transform((text) => text === "true")
    .optional(),
});

export type EventFilters = z.infer<typeof eventFiltersSchema>;

const listSchema = eventFiltersSchema.extend({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const exportSchema = eventFiltersSchema.extend({ format: z.enum(["ndjson", "csv"]) });

/** Position in the newest-first order: the time and id of the last row sent. */
export interface EventCursor {
  at: Date;
  id: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

function describe(error: z.ZodError): string {
  return error.issues
    .map((issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown parameter ${issue.keys.join(", ")}`
        : `${issue.path.join(".") || "query"}: ${issue.message}`,
    )
    .join("; ");
}

function checked<T extends EventFilters>(result: z.ZodSafeParseResult<T>): Parsed<T> {
  if (!result.success) return { ok: false, reason: describe(result.error) };
  const { from, to } = result.data;
  if (from && to && from >= to) return { ok: false, reason: "from must be earlier than to" };
  return { ok: true, value: result.data };
}

export function encodeCursor(cursor: EventCursor): string {
  return Buffer.from(`${cursor.at.toISOString()}|${cursor.id}`).toString("base64url");
}

export function decodeCursor(text: string): EventCursor | null {
  const [at, id, extra] = Buffer.from(text, "base64url").toString().split("|");
  const date = new Date(at ?? "");
  if (extra !== undefined || Number.isNaN(date.getTime()) || !z.uuid().safeParse(id).success)
    return null;
  return { at: date, id: id as string };
}

export function parseListQuery(
  query: unknown,
): Parsed<EventFilters & { cursor: EventCursor | null; limit: number }> {
  const parsed = checked(listSchema.safeParse(query));
  if (!parsed.ok) return parsed;
  const { cursor: text, ...rest } = parsed.value;
  const cursor = text === undefined ? null : decodeCursor(text);
  if (text !== undefined && !cursor)
    return { ok: false, reason: "cursor: not a cursor this API gave" };
  return { ok: true, value: { ...rest, cursor } };
}

export function parseExportQuery(
  query: unknown,
): Parsed<EventFilters & { format: "ndjson" | "csv" }> {
  return checked(exportSchema.safeParse(query));
}

/** The Prisma `where` of a project's events under these filters, after an optional cursor. */
export function eventWhere(projectId: string, filters: EventFilters, after: EventCursor | null) {
  return {
    projectId,
    ...(filters.name && { name: filters.name }),
    ...(filters.user && { user: { is: { identifier: filters.user } } }),
    ...(filters.token &&
      (filters.token.startsWith("proj_")
        ? { token: { is: { token: filters.token } } }
        : { tokenId: filters.token })),
    ...(filters.batch !== undefined && { batchId: filters.batch ? { not: null } : null }),
    occurredAt: {
      ...(filters.from && { gte: filters.from }),
      ...(filters.to && { lt: filters.to }),
      // Lets the index start at the cursor; the OR below alone would rescan earlier rows.
      ...(after && { lte: after.at }),
    },
    // Implied by the event-time bounds; lets PostgreSQL skip partitions.
    receivedAt: receivedAtBounds({ from: filters.from, to: filters.to, atMost: after?.at }),
    ...(after && {
      OR: [{ occurredAt: { lt: after.at } }, { occurredAt: after.at, id: { lt: after.id } }],
    }),
  };
}
