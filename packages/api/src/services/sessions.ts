import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "@inlet/db";
import type { AdminRole } from "@inlet/contracts";

export const SESSION_COOKIE = "inlet_session";
export const SESSION_LIFETIME_MS = 7 * 24 * 3600 * 1000;
// Refreshing last-seen on every call would turn each read into a write.
const LAST_SEEN_RESOLUTION_MS = 60_000;

export interface SessionAdmin {
  id: string;
  email: string;
  role: AdminRole;
  /** The id the account page names this session by. */
  sessionId: string;
}

/** Only hashes of secrets (session cookies, one-time links) are stored: a leaked table hands out nothing. */
export function hashSecret(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
const hashSessionToken = hashSecret;

/** Where a session was started from, shown on the account page. */
export interface SessionOrigin {
  userAgent: string | null;
  ipAddress: string | null;
}

/** Starts a session; the returned token goes into the cookie and nowhere else. */
export async function createSession(
  prisma: PrismaClient,
  adminId: string,
  now: Date,
  origin: SessionOrigin = { userAgent: null, ipAddress: null },
) {
  const token = randomBytes(32).toString("base64url");
  await prisma.adminSession.create({
    data: {
      tokenHash: hashSessionToken(token),
      adminId,
      // A header is the client's to fill: keep what fits on a screen.
      userAgent: origin.userAgent?.slice(0, 300) ?? null,
      ipAddress: origin.ipAddress,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS),
    },
    select: { tokenHash: true },
  });
  return { token, expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS) };
}

export async function findSessionAdmin(
  prisma: PrismaClient,
  token: string,
  now: Date,
): Promise<SessionAdmin | null> {
  const tokenHash = hashSessionToken(token);
  const session = await prisma.adminSession.findUnique({
    where: { tokenHash },
    select: {
      id: true,
      expiresAt: true,
      revokedAt: true,
      lastSeenAt: true,
      admin: { select: { id: true, email: true, role: true } },
    },
  });
  if (!session || session.revokedAt || session.expiresAt <= now) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    await prisma.adminSession.update({
      where: { tokenHash },
      data: { lastSeenAt: now },
      select: { tokenHash: true },
    });
  }
  return { ...session.admin, sessionId: session.id };
}

export async function revokeSession(prisma: PrismaClient, token: string, now: Date) {
  await prisma.adminSession.updateMany({
    where: { tokenHash: hashSessionToken(token), revokedAt: null },
    data: { revokedAt: now },
  });
}

/** Ends every session of an admin except, optionally, the one making the request. */
export async function revokeAdminSessions(
  prisma: Pick<PrismaClient, "adminSession">,
  adminId: string,
  now: Date,
  keepSessionId?: string,
) {
  const { count } = await prisma.adminSession.updateMany({
    where: {
      adminId,
      revokedAt: null,
      ...(keepSessionId && { id: { not: keepSessionId } }),
    },
    data: { revokedAt: now },
  });
  return count;
}

/** The cookie attributes the dashboard's session needs; Secure when served over HTTPS. */
export function sessionCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  const attributes = [
    `${SESSION_COOKIE}=${value}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAgeSeconds}`,
  ];
  if (secure) attributes.push("Secure");
  return attributes.join("; ");
}
