-- AlterTable: no value keeps events forever, as before.
ALTER TABLE "projects" ADD COLUMN     "retention_days" INTEGER;

-- CreateIndex: the retention loop finds a project's expired events by receive time. IF NOT
-- EXISTS lets an operator of a large install build it first with CREATE INDEX CONCURRENTLY
-- (same name), so the upgrade does not block ingestion while it is built.
CREATE INDEX IF NOT EXISTS "events_project_id_received_at_idx" ON "events"("project_id", "received_at");
