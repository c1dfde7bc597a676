export {
  openDatabase,
  type Database,
  type DatabaseKind,
  type DatabaseOptions,
} from "./open-database.ts";
export { DataDirectoryLockedError } from "./pglite-lock.ts";
export {
  applyMigrations,
  readMigrations,
  MIGRATIONS_DIR,
  type MigrationReport,
} from "./migrations.ts";
export { PrismaClient, Prisma } from "./generated/prisma/client.ts";
export type * from "./generated/prisma/models.ts";
