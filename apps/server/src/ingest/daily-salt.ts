import { randomBytes } from "node:crypto";
import type { PrismaClient } from "@inlet/db";
import { saltDay } from "@inlet/ingest";

/**
 * The salt of cookieless anonymous ids. Stored so every process agrees on it, replaced
 * each UTC day so an id cannot follow a visitor across days.
 */
export class DailySalt {
  private current: { day: string; salt: string } | null = null;
  private loading: Promise<string> | null = null;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(): Promise<string> {
    const day = saltDay(this.now());
    if (this.current?.day === day) return this.current.salt;
    this.loading ??= this.load(day).finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(day: string): Promise<string> {
    // Whichever process inserts first wins; the others read its salt.
    await this.prisma.$executeRaw`
      INSERT INTO daily_salts (day, salt) VALUES (${day}, ${randomBytes(32).toString("hex")})
      ON CONFLICT (day) DO NOTHING`;
    const row = await this.prisma.dailySalt.findUniqueOrThrow({
      where: { day },
      select: { salt: true },
    });
    // Old salts are deleted so yesterday's ids can no longer be recomputed.
    const yesterday = saltDay(new Date(this.now().getTime() - 86_400_000));
    await this.prisma.dailySalt.deleteMany({ where: { day: { lt: yesterday } } });
    this.current = { day, salt: row.salt };
    return row.salt;
  }
}
