-- Idempotency keys move from a unique index on events to a table of their own, so the
-- deduplication window outlives deletion, retention and partitioning of events.

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "project_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "event_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("project_id","key")
);

-- Existing keys, timed by their event's receipt so the window counts from the first send.
-- The unique index guaranteed one event per key, so there is nothing to merge.
INSERT INTO "idempotency_keys" ("project_id", "key", "event_id", "created_at")
SELECT "project_id", "idempotency_key", "id", "received_at"
FROM "events"
WHERE "idempotency_key" IS NOT NULL;

-- CreateIndex
CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys"("created_at");

-- AddForeignKey
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- DropIndex
DROP INDEX "events_project_id_idempotency_key_key";

-- AlterTable: the POST /batch request that carried an event (Events can filter on it).
ALTER TABLE "events" ADD COLUMN     "batch_id" UUID;
