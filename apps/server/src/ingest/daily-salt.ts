import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@inlet/db";
import { saltDay } from "@inlet/ingest";

/**
 * The salt of cookieless anonymous ids. Stored so every process agrees on it, replaced
 * each UTC day so an id cannot follow a visitor across days.
 */
export class DailySalt {
  /** The salt and the instant (epoch ms) its UTC day ends. */
  private current: { salt: string; until: number } | null = null;
  private loading: Promise<string> | null = null;

  constructor(
    private readonly prisma: PrismaClient,
    /** The clock, in epoch ms. */
    private readonly now: () => number = Date.now,
  ) {}

  /** The salt while its day lasts, without a promise; null when it must be loaded. */
  cached(): string | null {
    const current = this.current;
    return current && this.now() < current.until ? current.salt : null;
  }

  async get(): Promise<string> {
    return this.cached() ?? (this.loading ??= this.load().finally(() => (this.loading = null)));
  }

  private async load(): Promise<string> {
    const today = new Date(this.now());
    const day = saltDay(today);
    // Whichever process inserts first wins; the others read its salt.
    await this.prisma.$executeRaw`
      INSERT INTO daily_salts (day, salt) VALUES (${day}, ${randomBytes(32).toString("hex")})
      ON CONFLICT (day) DO NOTHING`;
    const row = await this.prisma.dailySalt.findUniqueOrThrow({
      where: { day },
      select: { salt: true },
    });
    // Old salts are deleted so yesterday's ids can no longer be recomputed.
    const yesterday = saltDay(new Date(today.getTime() - 86_400_000));
    await this.prisma.dailySalt.deleteMany({ where: { day: { lt: yesterday } } });
    const until = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 1);
    this.current = { salt: row.salt, until };
    return row.salt;
  }
}
