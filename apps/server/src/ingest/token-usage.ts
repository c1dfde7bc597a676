import { Prisma, type PrismaClient } from "@inlet/db";

/** The tables whose rows carry a `last_used_at` for people to read. */
export type UsageTable = "project_tokens" | "api_keys";

/**
 * Remembers when each token (or secret key) was last used and writes it every few seconds in one
 * statement: "last used" is for people, and a write per request would halve throughput.
 */
export class TokenUsage {
  // Epoch milliseconds: a number per request, a Date only when written.
  private readonly lastUsed = new Map<string, number>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly onError: (error: unknown) => void,
    flushEveryMs = 5_000,
    private readonly table: UsageTable = "project_tokens",
  ) {
    this.timer = setInterval(() => void this.flush(), flushEveryMs);
    this.timer.unref();
  }

  record(tokenId: string, atMs: number): void {
    this.lastUsed.set(tokenId, atMs);
  }

  async flush(): Promise<void> {
    if (this.lastUsed.size === 0) return;
    const entries = [...this.lastUsed];
    this.lastUsed.clear();
    try {
      await this.prisma.$executeRaw`
        UPDATE ${Prisma.raw(this.table)} AS used SET last_used_at = t.at
        FROM unnest(${entries.map(([id]) => id)}::uuid[], ${entries.map(([, atMs]) => new Date(atMs).toISOString())}::timestamptz[]) AS t(id, at)
        WHERE used.id = t.id AND (used.last_used_at IS NULL OR used.last_used_at < t.at)`;
    } catch (error) {
      // Losing a "last used" time is harmless; the next request records it again.
      this.onError(error);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
