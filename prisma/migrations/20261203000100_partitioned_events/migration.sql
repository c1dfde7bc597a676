-- Events partitioned by receive time, one partition per UTC month (decision 016). Inlet
-- creates the monthly partitions itself (packages/db/src/event-partitions.ts); the default
-- partition only catches rows no monthly partition covers yet. Prisma does not describe
-- partitions, so the drift check sees one table "events" with the composite primary key.

-- The table of the previous layout keeps its rows under another name.
ALTER TABLE "events" RENAME TO "events_legacy";
ALTER TABLE "events_legacy" RENAME CONSTRAINT "events_pkey" TO "events_legacy_pkey";
ALTER INDEX "events_project_id_occurred_at_id_idx" RENAME TO "events_legacy_project_id_occurred_at_id_idx";
ALTER INDEX "events_project_id_name_occurred_at_idx" RENAME TO "events_legacy_project_id_name_occurred_at_idx";
ALTER INDEX "events_user_id_occurred_at_idx" RENAME TO "events_legacy_user_id_occurred_at_idx";
ALTER INDEX "events_project_id_anonymous_id_idx" RENAME TO "events_legacy_project_id_anonymous_id_idx";
ALTER INDEX "events_token_id_idx" RENAME TO "events_legacy_token_id_idx";
ALTER INDEX "events_project_id_received_at_idx" RENAME TO "events_legacy_project_id_received_at_idx";

-- The columns in the old table's order, so rows move between the two as they are.
CREATE TABLE "events_partitioned" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "token_id" UUID,
    "user_id" UUID,
    "anonymous_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT,
    "custom_data" JSONB NOT NULL DEFAULT '{}',
    "context_id" TEXT,
    "user_agent" TEXT,
    "browser" TEXT,
    "os" TEXT,
    "device_type" TEXT,
    "referrer" TEXT,
    "sdk" TEXT,
    "sdk_version" TEXT,
    "idempotency_key" TEXT,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "batch_id" UUID,

    CONSTRAINT "events_pkey" PRIMARY KEY ("id", "received_at")
) PARTITION BY RANGE ("received_at");

CREATE TABLE "events_default" PARTITION OF "events_partitioned" DEFAULT;

CREATE INDEX "events_project_id_occurred_at_id_idx" ON "events_partitioned"("project_id", "occurred_at" DESC, "id");
CREATE INDEX "events_project_id_name_occurred_at_idx" ON "events_partitioned"("project_id", "name", "occurred_at" DESC);
CREATE INDEX "events_user_id_occurred_at_idx" ON "events_partitioned"("user_id", "occurred_at" DESC);
CREATE INDEX "events_project_id_anonymous_id_idx" ON "events_partitioned"("project_id", "anonymous_id");
CREATE INDEX "events_token_id_idx" ON "events_partitioned"("token_id");
CREATE INDEX "events_project_id_received_at_idx" ON "events_partitioned"("project_id", "received_at");

ALTER TABLE "events_partitioned" ADD CONSTRAINT "events_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "events_partitioned" ADD CONSTRAINT "events_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "project_tokens"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "events_partitioned" ADD CONSTRAINT "events_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- While old rows are being moved, "events" is a view of both tables: every statement reads
-- each row exactly once (a row moves in one transaction), and writes reach whichever table
-- holds the row. New rows go to the partitioned table.
CREATE VIEW "events" AS
  SELECT "id", "project_id", "token_id", "user_id", "anonymous_id", "name", "url", "custom_data", "context_id", "user_agent", "browser", "os", "device_type", "referrer", "sdk", "sdk_version", "idempotency_key", "occurred_at", "received_at", "batch_id" FROM "events_partitioned"
  UNION ALL
  SELECT "id", "project_id", "token_id", "user_id", "anonymous_id", "name", "url", "custom_data", "context_id", "user_agent", "browser", "os", "device_type", "referrer", "sdk", "sdk_version", "idempotency_key", "occurred_at", "received_at", "batch_id" FROM "events_legacy";
ALTER VIEW "events" ALTER COLUMN "custom_data" SET DEFAULT '{}';
ALTER VIEW "events" ALTER COLUMN "occurred_at" SET DEFAULT CURRENT_TIMESTAMP;
ALTER VIEW "events" ALTER COLUMN "received_at" SET DEFAULT CURRENT_TIMESTAMP;

CREATE FUNCTION "events_view_insert"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO "events_partitioned" ("id", "project_id", "token_id", "user_id", "anonymous_id", "name", "url", "custom_data", "context_id", "user_agent", "browser", "os", "device_type", "referrer", "sdk", "sdk_version", "idempotency_key", "occurred_at", "received_at", "batch_id") VALUES (NEW."id", NEW."project_id", NEW."token_id", NEW."user_id", NEW."anonymous_id", NEW."name", NEW."url", NEW."custom_data", NEW."context_id", NEW."user_agent", NEW."browser", NEW."os", NEW."device_type", NEW."referrer", NEW."sdk", NEW."sdk_version", NEW."idempotency_key", NEW."occurred_at", NEW."received_at", NEW."batch_id");
  RETURN NEW;
END
$fn$;

-- The old table first: a row the mover takes meanwhile is waited for there, then found in
-- the partitioned table by the second statement, which sees the move's commit. The user_id
-- guard keeps a table's rule that a row changed since it was read is not overwritten.
CREATE FUNCTION "events_view_update"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  UPDATE "events_legacy" SET
      "id" = NEW."id",
      "project_id" = NEW."project_id",
      "token_id" = NEW."token_id",
      "user_id" = NEW."user_id",
      "anonymous_id" = NEW."anonymous_id",
      "name" = NEW."name",
      "url" = NEW."url",
      "custom_data" = NEW."custom_data",
      "context_id" = NEW."context_id",
      "user_agent" = NEW."user_agent",
      "browser" = NEW."browser",
      "os" = NEW."os",
      "device_type" = NEW."device_type",
      "referrer" = NEW."referrer",
      "sdk" = NEW."sdk",
      "sdk_version" = NEW."sdk_version",
      "idempotency_key" = NEW."idempotency_key",
      "occurred_at" = NEW."occurred_at",
      "received_at" = NEW."received_at",
      "batch_id" = NEW."batch_id"
    WHERE "id" = OLD."id" AND "user_id" IS NOT DISTINCT FROM OLD."user_id";
  IF FOUND THEN RETURN NEW; END IF;
  UPDATE "events_partitioned" SET
      "id" = NEW."id",
      "project_id" = NEW."project_id",
      "token_id" = NEW."token_id",
      "user_id" = NEW."user_id",
      "anonymous_id" = NEW."anonymous_id",
      "name" = NEW."name",
      "url" = NEW."url",
      "custom_data" = NEW."custom_data",
      "context_id" = NEW."context_id",
      "user_agent" = NEW."user_agent",
      "browser" = NEW."browser",
      "os" = NEW."os",
      "device_type" = NEW."device_type",
      "referrer" = NEW."referrer",
      "sdk" = NEW."sdk",
      "sdk_version" = NEW."sdk_version",
      "idempotency_key" = NEW."idempotency_key",
      "occurred_at" = NEW."occurred_at",
      "received_at" = NEW."received_at",
      "batch_id" = NEW."batch_id"
    WHERE "id" = OLD."id" AND "received_at" = OLD."received_at"
      AND "user_id" IS NOT DISTINCT FROM OLD."user_id";
  IF FOUND THEN RETURN NEW; END IF;
  RETURN NULL;
END
$fn$;

CREATE FUNCTION "events_view_delete"() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  DELETE FROM "events_legacy" WHERE "id" = OLD."id";
  IF FOUND THEN RETURN OLD; END IF;
  DELETE FROM "events_partitioned" WHERE "id" = OLD."id" AND "received_at" = OLD."received_at";
  IF FOUND THEN RETURN OLD; END IF;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER "events_view_insert" INSTEAD OF INSERT ON "events" FOR EACH ROW EXECUTE FUNCTION "events_view_insert"();
CREATE TRIGGER "events_view_update" INSTEAD OF UPDATE ON "events" FOR EACH ROW EXECUTE FUNCTION "events_view_update"();
CREATE TRIGGER "events_view_delete" INSTEAD OF DELETE ON "events" FOR EACH ROW EXECUTE FUNCTION "events_view_delete"();

-- Nothing to move (a new install, or one without events): the final layout at once. Inlet
-- runs the same statements when its background move has emptied the old table.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM "events_legacy") THEN
    DROP VIEW "events";
    DROP FUNCTION "events_view_insert"();
    DROP FUNCTION "events_view_update"();
    DROP FUNCTION "events_view_delete"();
    DROP TABLE "events_legacy";
    ALTER TABLE "events_partitioned" RENAME TO "events";
  END IF;
END
$$;
