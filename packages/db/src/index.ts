export {
  openDatabase,
  type Database,
  type DatabaseKind,
  type DatabaseOptions,
  type SqlClient,
  type SqlQuery,
} from "./open-database.ts";
export { DataDirectoryLockedError } from "./pglite-lock.ts";
export type { ExportReads, ExportSession } from "./export-reads.ts";
export {
  applyMigrations,
  readMigrations,
  MIGRATIONS_DIR,
  type MigrationReport,
} from "./migrations.ts";
// For tests that build a database as an earlier version of Inlet left it.
export { pgliteMigrationSession, postgresMigrationSession } from "./migration-sessions.ts";
export {
  ensureEventPartitionsAhead,
  ensureMonthPartitions,
  listMonthPartitions,
  monthPartition,
  partitionedEventsTable,
  EVENT_LAYOUT_LOCK_KEY,
  LAYOUT_LOCK_TIMEOUT,
  type MonthPartition,
} from "./event-partitions.ts";
export {
  finishLegacyMove,
  isLockTimeout,
  legacyEventsPresent,
  moveLegacyBatch,
  preparePartitionsForLegacy,
  type MoveOutcome,
} from "./legacy-events.ts";
export { PrismaClient, Prisma } from "./generated/prisma/client.ts";
export type * from "./generated/prisma/models.ts";
export { createPostgresLiveBus } from "./postgres-live-bus.ts";
export {
  createLocalLiveBus,
  PUBLISH_LAG_MARGIN_MS,
  type LiveBus,
  type LiveForget,
} from "./live-bus.ts";
// The bus carries the shared live item; re-exported so its users need one import.
export type { LiveItem, AcceptedItem, RejectedItem, BatchSummaryItem } from "@inlet/contracts";
