-- CreateEnum
CREATE TYPE "admin_role" AS ENUM ('owner', 'admin', 'viewer');

-- CreateEnum
CREATE TYPE "access_link_kind" AS ENUM ('invitation', 'password_reset');

-- AlterTable
ALTER TABLE "admin_sessions" ADD COLUMN     "id" UUID NOT NULL DEFAULT gen_random_uuid(),
ADD COLUMN     "ip_address" TEXT,
ADD COLUMN     "user_agent" TEXT;

-- AlterTable: admins from before roles could do everything, so they become owners; new
-- admins always name their role, hence no lasting default.
ALTER TABLE "admins" ADD COLUMN     "role" "admin_role" NOT NULL DEFAULT 'owner';
ALTER TABLE "admins" ALTER COLUMN "role" DROP DEFAULT;

-- CreateTable
CREATE TABLE "access_links" (
    "id" UUID NOT NULL,
    "kind" "access_link_kind" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "role" "admin_role",
    "admin_id" UUID,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "access_links_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entries" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "actor_email" TEXT NOT NULL,
    "ip_address" TEXT,
    "action" TEXT NOT NULL,
    "target_type" TEXT,
    "target_id" TEXT,
    "summary" TEXT NOT NULL DEFAULT '',
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_entries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "access_links_token_hash_key" ON "access_links"("token_hash");

-- CreateIndex
CREATE INDEX "access_links_kind_created_at_idx" ON "access_links"("kind", "created_at" DESC);

-- CreateIndex
CREATE INDEX "access_links_admin_id_idx" ON "access_links"("admin_id");

-- CreateIndex
CREATE INDEX "access_links_created_by_id_idx" ON "access_links"("created_by_id");

-- CreateIndex
CREATE INDEX "audit_entries_at_idx" ON "audit_entries"("at");

-- CreateIndex
CREATE INDEX "audit_entries_action_id_idx" ON "audit_entries"("action", "id" DESC);

-- CreateIndex
CREATE INDEX "audit_entries_actor_email_id_idx" ON "audit_entries"("actor_email", "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "admin_sessions_id_key" ON "admin_sessions"("id");

-- AddForeignKey
ALTER TABLE "access_links" ADD CONSTRAINT "access_links_admin_id_fkey" FOREIGN KEY ("admin_id") REFERENCES "admins"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_links" ADD CONSTRAINT "access_links_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "admins"("id") ON DELETE SET NULL ON UPDATE CASCADE;
