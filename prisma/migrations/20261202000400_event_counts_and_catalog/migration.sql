-- CreateTable
CREATE TABLE "event_counts" (
    "project_id" UUID NOT NULL,
    "minute" TIMESTAMPTZ(3) NOT NULL,
    "name" TEXT NOT NULL,
    "shard" SMALLINT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "event_counts_pkey" PRIMARY KEY ("project_id","minute","name","shard")
);

-- CreateTable
CREATE TABLE "catalog_events" (
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "shard" SMALLINT NOT NULL,
    "count" BIGINT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "catalog_events_pkey" PRIMARY KEY ("project_id","name","shard")
);

-- CreateTable
CREATE TABLE "catalog_properties" (
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "shard" SMALLINT NOT NULL,
    "count" BIGINT NOT NULL,
    "text_count" BIGINT NOT NULL,
    "number_count" BIGINT NOT NULL,
    "boolean_count" BIGINT NOT NULL,
    "json_count" BIGINT NOT NULL,
    "first_seen_at" TIMESTAMPTZ(3) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "catalog_properties_pkey" PRIMARY KEY ("project_id","name","key","shard")
);

-- CreateTable
CREATE TABLE "catalog_event_names" (
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "catalog_event_names_pkey" PRIMARY KEY ("project_id","name")
);

-- CreateTable
CREATE TABLE "catalog_property_keys" (
    "project_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "key" TEXT NOT NULL,

    CONSTRAINT "catalog_property_keys_pkey" PRIMARY KEY ("project_id","name","key")
);

-- AddForeignKey
ALTER TABLE "event_counts" ADD CONSTRAINT "event_counts_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "catalog_events" ADD CONSTRAINT "catalog_events_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "catalog_properties" ADD CONSTRAINT "catalog_properties_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "catalog_event_names" ADD CONSTRAINT "catalog_event_names_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "catalog_property_keys" ADD CONSTRAINT "catalog_property_keys_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Events stored before this migration are counted once here, in shard 0; from now on
-- ingestion adds to the counters in the commit that stores each batch. Their value kinds
-- were not recorded (stored values are text), so these keys count no kind: the catalogue
-- shows the rest as "kind not recorded".
INSERT INTO "event_counts" ("project_id", "minute", "name", "shard", "count")
SELECT "project_id", date_trunc('minute', "occurred_at", 'UTC'), "name", 0, count(*)
FROM "events" GROUP BY 1, 2, 3;

INSERT INTO "catalog_events" ("project_id", "name", "shard", "count", "first_seen_at", "last_seen_at")
SELECT "project_id", "name", 0, count(*), min("received_at"), max("received_at")
FROM "events" GROUP BY 1, 2;

INSERT INTO "catalog_event_names" ("project_id", "name")
SELECT "project_id", "name" FROM "catalog_events";

INSERT INTO "catalog_properties" ("project_id", "name", "key", "shard", "count", "text_count",
  "number_count", "boolean_count", "json_count", "first_seen_at", "last_seen_at")
SELECT e."project_id", e."name", k."key", 0, count(*), 0, 0, 0, 0, min(e."received_at"), max(e."received_at")
FROM "events" e CROSS JOIN LATERAL jsonb_object_keys(e."custom_data") AS k("key")
WHERE jsonb_typeof(e."custom_data") = 'object'
GROUP BY 1, 2, 3;

INSERT INTO "catalog_property_keys" ("project_id", "name", "key")
SELECT "project_id", "name", "key" FROM "catalog_properties";
