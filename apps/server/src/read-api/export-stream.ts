import { Readable } from "node:stream";
import type { PrismaClient } from "@inlet/db";
import { exportBatch } from "./export-batch.ts";
import type { EventCursor, EventFilters } from "./event-query.ts";
import { csvExportLine, csvHeader, ndjsonExportLine } from "./event-rows.ts";

export type ExportFormat = "ndjson" | "csv";

const BATCH = 1_000;

export const EXPORT_TYPES: Record<ExportFormat, string> = {
  ndjson: "application/x-ndjson; charset=utf-8",
  csv: "text/csv; charset=utf-8",
};

/**
 * Every matching event, newest first, as text produced while it is sent. Rows are read in
 * keyset batches (each its own short query), and the next batch is read only when the
 * client has taken the last: memory holds one batch however many rows match, and no
 * transaction stays open (on PGlite, one connection, ingestion would wait behind it).
 */
export function exportEvents(
  reader: PrismaClient,
  projectId: string,
  filters: EventFilters,
  format: ExportFormat,
  batchSize = BATCH,
): Readable {
  const line = format === "csv" ? csvExportLine : ndjsonExportLine;
  async function* chunks(): AsyncGenerator<string> {
    if (format === "csv") yield csvHeader();
    let after: EventCursor | null = null;
    for (;;) {
      const rows = await exportBatch(reader, projectId, filters, after, batchSize);
      if (rows.length > 0) yield rows.map(line).join("");
      const last = rows.at(-1);
      if (!last || rows.length < batchSize) return;
      after = { at: new Date(last.occurredAt), id: last.id };
    }
  }
  // Readable.from pulls the next chunk only when the socket has drained the last one.
  return Readable.from(chunks(), { objectMode: false });
}

/** `events-2026-12-01T10-00-00.csv`: a name that sorts and is safe in every file system. */
export const exportFilename = (format: ExportFormat, at: Date): string =>
  `events-${at.toISOString().slice(0, 19).replace(/:/g, "-")}.${format}`;
