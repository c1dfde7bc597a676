import type { Prisma, PrismaClient } from "@inlet/db";

/** Who acted: a signed-in admin, the command line, or the email a failed sign-in used. */
export interface AuditActor {
  id: string | null;
  email: string;
}

export const CLI_ACTOR: AuditActor = { id: null, email: "cli" };

/** A program acting with a secret key, named by the key's shown prefix (never the key). */
export const apiKeyActor = (prefix: string): AuditActor => ({
  id: null,
  email: `api key ${prefix}`,
});

export interface AuditInput {
  actor: AuditActor;
  ipAddress: string | null;
  action: string;
  target?: { type: string; id: string };
  /** One line a person reads in the log, e.g. `renamed "Shop" to "Store"`. */
  summary: string;
  /** What changed, as data; never a secret (tokens, links, passwords, hashes). */
  details?: Prisma.InputJsonObject;
  at?: Date;
}

/** The shortest retention the audit log promises; AUDIT_RETENTION_DAYS may only raise it. */
export const AUDIT_MIN_RETENTION_DAYS = 90;

export async function recordAudit(
  prisma: Pick<PrismaClient, "auditEntry">,
  entry: AuditInput,
): Promise<void> {
  await prisma.auditEntry.create({
    data: {
      at: entry.at ?? new Date(),
      actorId: entry.actor.id,
      actorEmail: entry.actor.email.slice(0, 254),
      ipAddress: entry.ipAddress,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      summary: entry.summary,
      details: entry.details ?? {},
    },
    select: { id: true },
  });
}

/** Deletes entries older than the retention period; returns how many went. */
export async function pruneAudit(prisma: PrismaClient, retentionDays: number, now: Date) {
  const days = Math.max(retentionDays, AUDIT_MIN_RETENTION_DAYS);
  const { count } = await prisma.auditEntry.deleteMany({
    where: { at: { lt: new Date(now.getTime() - days * 24 * 3600 * 1000) } },
  });
  return count;
}
