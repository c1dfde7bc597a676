-- CreateTable
CREATE TABLE "event_counts" (
    "project_id" UUID NOT NULL,
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "name" TEXT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "event_counts_pkey" PRIMARY KEY ("project_id","minute","name")
);

-- CreateTable
CREATE TABLE "catalog_events" (
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "count" BIGINT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "catalog_events_pkey" PRIMARY KEY ("project_id","name")
);

-- CreateTable
CREATE TABLE "catalog_properties" (
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "count" BIGINT NOT NULL,
    "text_count" BIGINT NOT NULL,
    "number_count" BIGINT NOT NULL,
    "boolean_count" BIGINT NOT NULL,
    "json_count" BIGINT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "catalog_properties_pkey" PRIMARY KEY ("project_id","name","key")
);

-- AddForeignKey
ALTER TABLE "event_counts" ADD CONSTRAINT "event_counts_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "catalog_events" ADD CONSTRAINT "catalog_events_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "catalog_properties" ADD CONSTRAINT "catalog_properties_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Events stored before this migration are counted once here; from now on ingestion adds to
-- the counters in the commit that stores each batch. Their value kinds were not recorded
-- (stored values are text), so these keys count no kind: the catalogue shows the rest as
-- "kind not recorded".
INSERT INTO "event_counts" ("project_id", "minute", "name", "count")
SELECT "project_id", date_trunc('minute', "occurred_at", 'UTC'), "name", count(*)
FROM "events" GROUP BY 1, 2, 3;

INSERT INTO "catalog_events" ("project_id", "name", "count", "first_seen_at", "last_seen_at")
SELECT "project_id", "name", count(*), min("received_at"), max("received_at")
FROM "events" GROUP BY 1, 2;

INSERT INTO "catalog_properties" ("project_id", "name", "key", "count", "text_count",
  "number_count", "boolean_count", "json_count", "first_seen_at", "last_seen_at")
SELECT e."project_id", e."name", k."key", count(*), 0, 0, 0, 0, min(e."received_at"), max(e."received_at")
FROM "events" e CROSS JOIN LATERAL jsonb_object_keys(e."custom_data") AS k("key")
WHERE jsonb_typeof(e."custom_data") = 'object'
GROUP BY 1, 2, 3;
