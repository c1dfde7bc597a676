import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { idSchema } from "@inlet/contracts";
import { viewerProcedure } from "../trpc.ts";

// The catalogue is kept at ingest (catalog_events, catalog_properties), so a page view reads
// a few hundred rows whatever the number of events. Counts are of events received: deleting
// events later does not lower them.

/** Most names listed, the most frequent first; a project sending unbounded names stays readable. */
const NAMES_SHOWN = 200;
/** Most keys listed per name, the most frequent first. */
const KEYS_SHOWN = 100;

const seenSchema = {
  count: z.number().int(),
  firstSeenAt: z.date(),
  lastSeenAt: z.date(),
};

const propertySchema = z.strictObject({
  key: z.string(),
  ...seenSchema,
  /** Events that carried the key with each kind of value; the rest predate the catalogue. */
  kinds: z.strictObject({
    text: z.number().int(),
    number: z.number().int(),
    boolean: z.number().int(),
    json: z.number().int(),
  }),
});

const catalogEventSchema = z.strictObject({
  name: z.string(),
  ...seenSchema,
  properties: z.array(propertySchema),
  /** Keys seen on this name, of which `properties` lists the most frequent. */
  propertiesTotal: z.number().int(),
});

interface PropertyRow {
  name: string;
  key: string;
  count: bigint;
  text_count: bigint;
  number_count: bigint;
  boolean_count: bigint;
  json_count: bigint;
  first_seen_at: Date;
  last_seen_at: Date;
  total: bigint;
}

export const catalogRouter = {
  /** Each event name the project received, with its property keys and their value kinds. */
  list: viewerProcedure
    .input(z.object({ projectId: idSchema }))
    .output(z.strictObject({ events: z.array(catalogEventSchema), eventsTotal: z.number().int() }))
    .query(async ({ ctx, input }) => {
      const { projectId } = input;
      // Each name and key is counted in a few shards (decision 013): summed here.
      const [grouped, eventsTotal] = await Promise.all([
        ctx.reader.catalogEvent.groupBy({
          by: ["name"],
          where: { projectId },
          _sum: { count: true },
          _min: { firstSeenAt: true },
          _max: { lastSeenAt: true },
          orderBy: [{ _sum: { count: "desc" } }, { name: "asc" }],
          take: NAMES_SHOWN,
        }),
        ctx.reader.catalogEventName.count({ where: { projectId } }),
      ]);
      const names = grouped.map((row) => ({
        name: row.name,
        count: row._sum.count ?? 0n,
        firstSeenAt: row._min.firstSeenAt ?? new Date(0),
        lastSeenAt: row._max.lastSeenAt ?? new Date(0),
      }));
      const rows = await ctx.reader.$queryRaw<PropertyRow[]>`
        SELECT * FROM (
          SELECT name, key, count, text_count, number_count, boolean_count, json_count,
            first_seen_at, last_seen_at,
            row_number() OVER (PARTITION BY name ORDER BY count DESC, key) AS rank,
            count(*) OVER (PARTITION BY name) AS total
          FROM (
            SELECT name, key, sum(count)::bigint AS count, sum(text_count)::bigint AS text_count,
              sum(number_count)::bigint AS number_count, sum(boolean_count)::bigint AS boolean_count,
              sum(json_count)::bigint AS json_count, min(first_seen_at) AS first_seen_at,
              max(last_seen_at) AS last_seen_at
            FROM catalog_properties
            WHERE project_id = ${projectId}::uuid AND name = ANY(${names.map((n) => n.name)})
            GROUP BY name, key
          ) summed
        ) ranked
        WHERE rank <= ${KEYS_SHOWN}
        ORDER BY name, rank`;
      const byName = new Map<string, PropertyRow[]>();
      for (const row of rows) {
        const list = byName.get(row.name) ?? [];
        list.push(row);
        byName.set(row.name, list);
      }
      return {
        eventsTotal,
        events: names.map((event) => {
          const properties = byName.get(event.name) ?? [];
          return {
            ...event,
            count: Number(event.count),
            propertiesTotal: Number(properties[0]?.total ?? 0),
            properties: properties.map((row) => ({
              key: row.key,
              count: Number(row.count),
              firstSeenAt: row.first_seen_at,
              lastSeenAt: row.last_seen_at,
              kinds: {
                text: Number(row.text_count),
                number: Number(row.number_count),
                boolean: Number(row.boolean_count),
                json: Number(row.json_count),
              },
            })),
          };
        }),
      };
    }),
} satisfies TRPCRouterRecord;
