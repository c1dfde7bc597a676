-- CreateEnum
CREATE TYPE "user_deletion_phase" AS ENUM ('user_events', 'matching_events', 'finishing', 'done');

-- AlterTable
ALTER TABLE "projects" ADD COLUMN     "suppression_version" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "deleted_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "instance_secrets" (
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "instance_secrets_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "suppressed_identifiers" (
    "project_id" UUID NOT NULL,
    "identifier_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "suppressed_identifiers_pkey" PRIMARY KEY ("project_id","identifier_hash")
);

-- CreateTable
CREATE TABLE "user_deletions" (
    "id" UUID NOT NULL,
    "project_id" UUID NOT NULL,
    "identifier_hash" TEXT NOT NULL,
    "identifier" TEXT,
    "user_id" UUID,
    "phase" "user_deletion_phase" NOT NULL DEFAULT 'user_events',
    "events_total" INTEGER NOT NULL DEFAULT 0,
    "events_deleted" INTEGER NOT NULL DEFAULT 0,
    "scan_cursor" UUID,
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "user_deletions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "suppressed_identifiers_project_id_created_at_idx" ON "suppressed_identifiers"("project_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "user_deletions_phase_requested_at_idx" ON "user_deletions"("phase", "requested_at");

-- CreateIndex
CREATE INDEX "user_deletions_project_id_identifier_hash_idx" ON "user_deletions"("project_id", "identifier_hash");

-- AddForeignKey
ALTER TABLE "suppressed_identifiers" ADD CONSTRAINT "suppressed_identifiers_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_deletions" ADD CONSTRAINT "user_deletions_project_id_fkey" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_deletions" ADD CONSTRAINT "user_deletions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
