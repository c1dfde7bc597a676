import { z } from "zod";

export const liveKinds = ["accepted", "refused", "dropped", "batch"] as const;
export const liveKindSchema = z.enum(liveKinds);
export type LiveKind = z.infer<typeof liveKindSchema>;

// Strict objects: a field the server adds without declaring it fails the API's output check
// in tests, instead of silently reaching (or being stripped before) the dashboard.

/**
 * Set on what a dry run (`?dryRun=1`) would have done: checked like any request, stored
 * nowhere. Absent on everything real.
 */
const dryRunField = z.literal(true).optional();

export const novelSchema = z.strictObject({ name: z.boolean(), keys: z.array(z.string()) });
export type Novel = z.infer<typeof novelSchema>;

export const acceptedItemSchema = z.strictObject({
  /** Unique across processes (an accepted item uses its event's id), so viewers can drop repeats. */
  itemId: z.string(),
  kind: z.literal("accepted"),
  projectId: z.string(),
  /** Null for identifications and user updates, which store no event. */
  eventId: z.string().nullable(),
  name: z.string(),
  url: z.string().nullable(),
  userIdentifier: z.string().nullable(),
  anonymousId: z.string(),
  /** Null when too large to travel between processes; the stored event has it all. */
  customData: z.record(z.string(), z.string()).nullable(),
  at: z.string(),
  /**
   * Decided in the commit that stored the event: `name` when the project had never received
   * this event name, `keys` the property keys never seen on it before. Absent on items read
   * back from stored events, whose novelty was only known at ingest.
   */
  novel: novelSchema.optional(),
  dryRun: dryRunField,
});

export const rejectedItemSchema = z.strictObject({
  itemId: z.string(),
  kind: z.enum(["refused", "dropped"]),
  /** Null when the token did not lead to a project. */
  projectId: z.string().nullable(),
  status: z.number(),
  reason: z.string(),
  token: z.string().nullable(),
  path: z.string(),
  /** Read from the body when it could be parsed, so name and user filters apply here too. */
  name: z.string().nullable(),
  userIdentifier: z.string().nullable(),
  excerpt: z.string(),
  /** The request's Origin and User-Agent headers, when sent (cut to 255 characters). */
  origin: z.string().nullable().optional(),
  userAgent: z.string().nullable().optional(),
  at: z.string(),
  dryRun: dryRunField,
});

/** Most refused items a batch's summary lists; the rest are counted (one Live message is small). */
export const BATCH_SUMMARY_MAX_REFUSED = 20;

/**
 * A `POST /batch` as one row: its verdict counts and its refused items (index and reason).
 * Its accepted events follow as rows of their own.
 */
export const batchItemSchema = z.strictObject({
  itemId: z.string(),
  kind: z.literal("batch"),
  projectId: z.string(),
  path: z.string(),
  /** Always null: a batch has no one name or user, and the filters leave it out when set. */
  name: z.null(),
  userIdentifier: z.null(),
  items: z.number().int(),
  accepted: z.number().int(),
  duplicates: z.number().int(),
  refusedCount: z.number().int(),
  refused: z
    .array(z.strictObject({ index: z.number().int(), status: z.number(), reason: z.string() }))
    .max(BATCH_SUMMARY_MAX_REFUSED),
  token: z.string().nullable(),
  userAgent: z.string().nullable(),
  at: z.string(),
  dryRun: dryRunField,
});

/** What the live stream shows: stored events, requests refused or dropped, batch summaries. */
export const liveItemSchema = z.discriminatedUnion("kind", [
  acceptedItemSchema,
  rejectedItemSchema,
  batchItemSchema,
]);
export type AcceptedItem = z.infer<typeof acceptedItemSchema>;
export type RejectedItem = z.infer<typeof rejectedItemSchema>;
export type BatchSummaryItem = z.infer<typeof batchItemSchema>;
export type LiveItem = z.infer<typeof liveItemSchema>;

/**
 * One message of the live stream: the items that arrived together (oldest first; the
 * message's id resumes after the last), or a notice that items were skipped. `item` is
 * how each item is checked (the server checks a shared item once, not once per viewer).
 */
export function livePayloadSchemaOf(item: z.ZodType<LiveItem>) {
  return z.discriminatedUnion("type", [
    z.strictObject({ type: z.literal("items"), items: z.array(item).min(1) }),
    z.strictObject({ type: z.literal("missed"), count: z.number().int().positive() }),
  ]);
}
