import { isTrackedEnvelope, tracked, type TrackedEnvelope } from "@trpc/server";
import type { Prisma } from "@inlet/db";
import { z } from "zod";

// Output schemas are strict: a field a procedure returns without declaring it fails the
// procedure (and so its tests) instead of quietly reaching the dashboard.

/** A JSON column, typed as Prisma reads it. */
export const jsonColumnSchema = z.custom<Prisma.JsonValue>(
  (value) => z.json().safeParse(value).success,
);

export const emailOutput = z.strictObject({ email: z.string() });

export const projectSummarySchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  allowedOrigins: z.array(z.string()),
  filterBots: z.boolean(),
  retentionDays: z.number().int().nullable(),
  createdAt: z.date(),
});

export const tokenSchema = z.strictObject({
  id: z.string(),
  token: z.string(),
  label: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
});

export const eventUserSchema = z
  .strictObject({ id: z.string(), identifier: z.string(), displayName: z.string().nullable() })
  .nullable();

export const eventListItemSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  url: z.string().nullable(),
  /** The event time (the client's, corrected for its clock); lists are ordered by it. */
  occurredAt: z.date(),
  /** When Inlet received it. */
  receivedAt: z.date(),
  /** The `POST /batch` request that carried it; null for a single request. */
  batchId: z.string().nullable(),
  anonymousId: z.string(),
  customData: jsonColumnSchema,
  browser: z.string().nullable(),
  os: z.string().nullable(),
  deviceType: z.string().nullable(),
  user: eventUserSchema,
});

/**
 * Output parser of a subscription that yields `tracked()` messages: checks each payload as
 * it is sent, since a stream has no single value to check.
 */
export function trackedStream<T>(payload: z.ZodType<T>) {
  return async function* (stream: unknown): AsyncGenerator<TrackedEnvelope<T>> {
    for await (const message of stream as AsyncIterable<unknown>) {
      if (!isTrackedEnvelope(message)) throw new Error("Subscription yielded an untracked value");
      yield tracked(message[0], payload.parse(message[1]));
    }
  };
}

/**
 * Checks each object against `schema` once: an object many messages share (a Live item
 * sent to every viewer) is not checked again for each of them.
 */
export function checkedOnce<T extends object>(schema: z.ZodType<T>) {
  const checked = new WeakSet<object>();
  return z.custom<T>((value) => {
    if (typeof value !== "object" || value === null) return false;
    if (checked.has(value)) return true;
    if (!schema.safeParse(value).success) return false;
    checked.add(value);
    return true;
  });
}
