import type { PrismaClient } from "@inlet/db";
import type { KnownToken } from "./token-hint.ts";

// Hints may lag a new or revoked token by this long; a viewer's burst costs one query.
const REFRESH_MS = 5_000;

/** Every project token with its state, read at most every few seconds, for hints. */
export function knownTokens(prisma: PrismaClient, now: () => Date): () => Promise<KnownToken[]> {
  let cached: { at: number; tokens: KnownToken[] } | null = null;
  return async () => {
    const at = now().getTime();
    if (cached && at - cached.at < REFRESH_MS) return cached.tokens;
    const rows = await prisma.projectToken.findMany({
      select: {
        token: true,
        revokedAt: true,
        expiresAt: true,
        project: { select: { name: true } },
      },
    });
    const tokens = rows.map((row): KnownToken => ({
      token: row.token,
      state: row.revokedAt
        ? "revoked"
        : row.expiresAt && row.expiresAt.getTime() <= at
          ? "expired"
          : "active",
      projectName: row.project.name,
    }));
    cached = { at, tokens };
    return tokens;
  };
}
