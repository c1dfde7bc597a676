import type { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { Prisma } from "./generated/prisma/client.ts";

/**
 * The reads of one export (a download of every matching event, in keyset batches). `close`
 * when the download ends, however it ends.
 */
export interface ExportSession {
  query<Row>(sql: Prisma.Sql): Promise<Row[]>;
  close(): void;
}

export interface ExportReads {
  open(): ExportSession;
  end(): Promise<void>;
}

class ExportStalledError extends Error {
  override name = "ExportStalledError";
}

/**
 * PGlite: its own `query`, which takes its turn with Prisma's work on the one connection.
 * Through Prisma the same export grew the old space 26 → 62 MB over a million rows, this
 * way 26 → 36 MB, and ran half again as fast. No deadline: there is no network to fail.
 */
export function pgliteExportReads(pglite: PGlite): ExportReads {
  return {
    open: () => ({
      query: async <Row>(sql: Prisma.Sql) => (await pglite.query<Row>(sql.text, sql.values)).rows,
      close: () => undefined,
    }),
    end: () => Promise.resolve(),
  };
}

export interface ExportPoolOptions {
  connectionString: string;
  max: number;
  connectionTimeoutMillis: number;
  /** How long one batch may go unanswered before its connection counts as broken. */
  deadlineMs: number;
  onBackgroundError?: ((error: unknown) => void) | undefined;
}

/**
 * PostgreSQL: a small pool of its own without pg's per-query `query_timeout`, whose timer
 * kept each batch's rows alive into V8's old generation: a million-row export grew the
 * heap by ~170 MB (decision 020). It is read with pg's callback API, which kept the old
 * space flat in a plain loop where awaiting the client's own promises did not. The
 * deadline is kept in two other forms: PostgreSQL cancels a statement that runs too long
 * (`statement_timeout`), and one watchdog per export destroys the connection of a batch
 * that has had no answer within the deadline, as behind a silent network partition, so
 * the download ends with an error instead of hanging.
 */
export function postgresExportReads(options: ExportPoolOptions): ExportReads {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max,
    connectionTimeoutMillis: options.connectionTimeoutMillis,
    keepAlive: true,
    // Sent at connection start: PostgreSQL cancels a batch that runs longer.
    statement_timeout: options.deadlineMs,
  });
  pool.on("error", (error) => options.onBackgroundError?.(error));
  return {
    open: () => exportSession(pool, options.deadlineMs),
    end: () => pool.end(),
  };
}

interface InFlight {
  since: number;
  client: pg.PoolClient | null;
  fail: (error: Error) => void;
}

function exportSession(pool: pg.Pool, deadlineMs: number): ExportSession {
  let inFlight: InFlight | null = null;
  // One timer for the whole download, not one per batch: pg's per-query timer is what kept
  // each batch's rows alive into the old generation.
  const watchdog = setInterval(
    () => {
      if (!inFlight || performance.now() - inFlight.since <= deadlineMs) return;
      const stalled = inFlight;
      inFlight = null;
      stalled.fail(new ExportStalledError(`export batch: no answer within ${deadlineMs} ms`));
      // The socket may never close by itself; pg then fails the query and the pool drops it.
      stalled.client?.connection.stream.destroy();
    },
    Math.min(1_000, Math.max(50, deadlineMs / 4)),
  );
  watchdog.unref();
  return {
    query: <Row>(sql: Prisma.Sql) =>
      new Promise<Row[]>((resolve, reject) => {
        if (inFlight) throw new Error("an export session reads one batch at a time");
        let settled = false;
        const current: InFlight = {
          since: performance.now(),
          client: null,
          fail: (error) => {
            settled = true;
            reject(error);
          },
        };
        inFlight = current;
        const finish = (error: Error | undefined, rows?: Row[]) => {
          if (inFlight === current) inFlight = null;
          if (settled) return;
          settled = true;
          if (error) reject(error);
          else resolve(rows ?? []);
        };
        pool.connect((connectError, client, release) => {
          if (connectError || !client) {
            finish(connectError ?? new Error("no connection"));
            return;
          }
          current.client = client;
          // A broken connection also emits `error`, which must not go unheard (a crash).
          const ignore = () => undefined;
          client.on("error", ignore);
          client.query(sql.text, sql.values, (error, result) => {
            client.removeListener("error", ignore);
            // A connection that failed must not go back to the pool.
            release(error ?? undefined);
            finish(error ?? undefined, result?.rows as Row[] | undefined);
          });
        });
      }),
    close: () => clearInterval(watchdog),
  };
}
