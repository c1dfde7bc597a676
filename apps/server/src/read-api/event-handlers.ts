import type { FastifyRequest } from "fastify";
import { apiError, json, type ApiOutcome } from "./api-outcome.ts";
import { encodeCursor, eventWhere, parseExportQuery, parseListQuery } from "./event-query.ts";
import { apiEvent, eventRowSelect } from "./event-rows.ts";
import { EXPORT_TYPES, exportEvents, exportFilename } from "./export-stream.ts";
import type { ApiHandler } from "./read-api-routes.ts";

/** `GET /api/v1/events`: one page, newest first; `nextCursor` is null on the last page. */
export const listEvents: ApiHandler = async ({ reader }, key, request) => {
  const query = parseListQuery(request.query);
  if (!query.ok) return apiError(400, query.reason);
  const { cursor, limit, ...filters } = query.value;
  const rows = await reader.event.findMany({
    where: eventWhere(key.projectId, filters, cursor),
    orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: eventRowSelect,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const more = rows.length > limit && last;
  return json({
    events: page.map(apiEvent),
    nextCursor: more ? encodeCursor({ at: last.occurredAt, id: last.id }) : null,
  });
};

/** `GET /api/v1/events/export`: every matching event, streamed as NDJSON or CSV. */
export const exportEventsHandler: ApiHandler = async ({ exportReads, now }, key, request) =>
  exportOutcome(exportReads, key.projectId, request, now);

/** Shared with the dashboard's export, which names its project in the path instead. */
export function exportOutcome(
  reads: Parameters<typeof exportEvents>[0],
  projectId: string,
  request: FastifyRequest,
  now: () => number,
): ApiOutcome {
  const query = parseExportQuery(request.query);
  if (!query.ok) return apiError(400, query.reason);
  const { format, ...filters } = query.value;
  return {
    kind: "stream",
    contentType: EXPORT_TYPES[format],
    filename: exportFilename(format, new Date(now())),
    body: exportEvents(reads, projectId, filters, format),
  };
}
