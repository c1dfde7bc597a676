import { Readable } from "node:stream";
import type { ExportReads } from "@inlet/db";
import { exportBatch } from "./export-batch.ts";
import type { EventCursor, EventFilters } from "./event-query.ts";
import { csvExportLine, csvHeader, ndjsonExportLine } from "./event-rows.ts";

export type ExportFormat = "ndjson" | "csv";

const BATCH = 1_000;
// The first batch is small: its rows are the download's first bytes, and reading and
// writing out a full batch (a few tens of ms, cold code more) would only delay them.
const FIRST_BATCH = 100;

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
  reads: ExportReads,
  projectId: string,
  filters: EventFilters,
  format: ExportFormat,
  batchSize = BATCH,
): Readable {
  const line = format === "csv" ? csvExportLine : ndjsonExportLine;
  async function* chunks(): AsyncGenerator<string> {
    if (format === "csv") yield csvHeader();
    const session = reads.open();
    try {
      let after: EventCursor | null = null;
      let size = Math.min(FIRST_BATCH, batchSize);
      for (;;) {
        const rows = await exportBatch(session, projectId, filters, after, size);
        yield* chunked(rows.map(line));
        const last = rows.at(-1);
        if (!last || rows.length < size) return;
        after = { at: new Date(last.occurredAt), id: last.id };
        size = batchSize;
      }
    } finally {
      session.close();
    }
  }
  // Readable.from pulls the next chunk only when the socket has drained the last one.
  return Readable.from(chunks(), { objectMode: false });
}

// Characters per chunk sent: a string over V8's regular object size (128 kB) is put in its
// large-object space, which only a full collection frees, so a batch's text joined into
// one string piled up there (~70 MB over a million events) between full collections.
const CHUNK_CHARS = 32_768;

function* chunked(lines: string[]): Generator<string> {
  let start = 0;
  let chars = 0;
  for (let end = 0; end < lines.length; end += 1) {
    chars += lines[end]?.length ?? 0;
    if (chars >= CHUNK_CHARS || end === lines.length - 1) {
      yield lines.slice(start, end + 1).join("");
      start = end + 1;
      chars = 0;
    }
  }
}

/** `events-2026-12-01T10-00-00.csv`: a name that sorts and is safe in every file system. */
export const exportFilename = (format: ExportFormat, at: Date): string =>
  `events-${at.toISOString().slice(0, 19).replace(/:/g, "-")}.${format}`;
