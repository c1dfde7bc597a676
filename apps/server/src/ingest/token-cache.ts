import type { PrismaClient } from "@inlet/db";
import { LruCache } from "@inlet/ingest";

export interface ResolvedToken {
  tokenId: string;
  projectId: string;
  allowedOrigins: string[];
  filterBots: boolean;
  /** The project's suppression list version, so a stale cached list is noticed as quickly. */
  suppressionVersion: number;
}

export type TokenResolution =
  { valid: true; token: ResolvedToken } | { valid: false; projectId: string | null };

interface CacheEntry {
  value: ResolvedToken | null;
  revokedAt: Date | null;
  expiresAt: Date | null;
  fetchedAt: number;
}

export interface TokenCacheOptions {
  /**
   * How long a lookup is used. Below one second, so a token revoked by any process (or
   * the CLI) stops working everywhere within a second without a lookup per request.
   */
  ttlMs?: number;
  /**
   * From this age on, a lookup is refreshed in the background while it is still used, so
   * a busy token's requests never all wait for its next lookup.
   */
  refreshAfterMs?: number;
  maxEntries?: number;
  now?: () => number;
}

/** Resolves project tokens with at most one database lookup per token per refresh interval. */
export class TokenCache {
  private readonly entries: LruCache<string, CacheEntry>;
  private readonly pending = new Map<string, Promise<CacheEntry>>();
  private readonly ttlMs: number;
  private readonly refreshAfterMs: number;
  private readonly now: () => number;

  constructor(
    private readonly prisma: PrismaClient,
    options: TokenCacheOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 800;
    this.refreshAfterMs = options.refreshAfterMs ?? 400;
    this.entries = new LruCache(options.maxEntries ?? 10_000);
    this.now = options.now ?? Date.now;
  }

  /**
   * The token's project and settings when it may send; otherwise the project it belonged
   * to (for showing the refusal live), if any. Throws when the database cannot answer.
   */
  async resolve(token: string): Promise<TokenResolution> {
    return this.cached(token) ?? this.resolutionOf(await this.load(token));
  }

  /**
   * The resolution from memory while it may be used, without a promise (refreshing it in
   * the background once it is old enough); null when a lookup must be awaited.
   */
  cached(token: string): TokenResolution | null {
    const cached = this.entries.get(token);
    if (!cached) return null;
    const age = this.now() - cached.fetchedAt;
    if (age >= this.ttlMs) return null;
    // A failed refresh is noticed by the first request after the TTL, which awaits its own.
    if (age >= this.refreshAfterMs && !this.pending.has(token))
      this.load(token).catch(() => undefined);
    return this.resolutionOf(cached);
  }

  private resolutionOf(entry: CacheEntry): TokenResolution {
    if (!entry.value) return { valid: false, projectId: null };
    const expired = entry.expiresAt !== null && entry.expiresAt.getTime() <= this.now();
    if (entry.revokedAt || expired) return { valid: false, projectId: entry.value.projectId };
    return { valid: true, token: entry.value };
  }

  private load(token: string): Promise<CacheEntry> {
    const inFlight = this.pending.get(token);
    if (inFlight) return inFlight;
    const lookup = this.fetch(token).finally(() => this.pending.delete(token));
    this.pending.set(token, lookup);
    return lookup;
  }

  private async fetch(token: string): Promise<CacheEntry> {
    const row = await this.prisma.projectToken.findUnique({
      where: { token },
      select: {
        id: true,
        revokedAt: true,
        expiresAt: true,
        project: {
          select: { id: true, allowedOrigins: true, filterBots: true, suppressionVersion: true },
        },
      },
    });
    const entry: CacheEntry = {
      value: row
        ? {
            tokenId: row.id,
            projectId: row.project.id,
            allowedOrigins: row.project.allowedOrigins,
            filterBots: row.project.filterBots,
            suppressionVersion: row.project.suppressionVersion,
          }
        : null,
      revokedAt: row?.revokedAt ?? null,
      expiresAt: row?.expiresAt ?? null,
      fetchedAt: this.now(),
    };
    // Bounded, so a flood of made-up tokens cannot grow memory.
    this.entries.set(token, entry);
    return entry;
  }
}
