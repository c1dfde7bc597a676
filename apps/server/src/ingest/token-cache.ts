import type { Prisma, PrismaClient } from "@inlet/db";
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
  /** Asked for since it was fetched, so the next shared refresh includes it. */
  used: boolean;
}

const TOKEN_SELECT = {
  token: true,
  id: true,
  revokedAt: true,
  expiresAt: true,
  project: {
    select: { id: true, allowedOrigins: true, filterBots: true, suppressionVersion: true },
  },
} as const satisfies Prisma.ProjectTokenSelect;
type TokenRow = Prisma.ProjectTokenGetPayload<{ select: typeof TOKEN_SELECT }>;

export interface TokenCacheOptions {
  /**
   * How long a lookup is used. Below one second, so a token revoked by any process (or
   * the CLI) stops working everywhere within a second without a lookup per request.
   */
  ttlMs?: number;
  /**
   * From this age on, the tokens in use are refreshed in the background while they are
   * still used, so a busy token's requests never all wait for its next lookup.
   */
  refreshAfterMs?: number;
  maxEntries?: number;
  now?: () => number;
}

/**
 * Resolves project tokens: a token seen for the first time (or idle past the TTL) is looked
 * up alone; the tokens in use are refreshed together, one query per refresh interval
 * however many there are. A lookup per token and interval cost a busy process a query per
 * 40 ms with ten tokens, and would cost it all its time with a thousand.
 */
export class TokenCache {
  private readonly entries: LruCache<string, CacheEntry>;
  private readonly pending = new Map<string, Promise<CacheEntry>>();
  /** Tokens asked for since their last fetch: the next shared refresh's list. */
  private used: string[] = [];
  private refreshing = false;
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
   * The resolution from memory while it may be used, without a promise (refreshing the
   * tokens in use in the background once it is old enough); null when a lookup must be
   * awaited.
   */
  cached(token: string): TokenResolution | null {
    const cached = this.entries.get(token);
    if (!cached) return null;
    const age = this.now() - cached.fetchedAt;
    if (age >= this.ttlMs) return null;
    if (!cached.used) {
      cached.used = true;
      this.used.push(token);
    }
    if (age >= this.refreshAfterMs) this.refreshUsed();
    return this.resolutionOf(cached);
  }

  private resolutionOf(entry: CacheEntry): TokenResolution {
    if (!entry.value) return { valid: false, projectId: null };
    const expired = entry.expiresAt !== null && entry.expiresAt.getTime() <= this.now();
    if (entry.revokedAt || expired) return { valid: false, projectId: entry.value.projectId };
    return { valid: true, token: entry.value };
  }

  /**
   * One query for every token used since its fetch, so their ages fall into step and the
   * next refresh is again one query. A failed refresh is noticed by each token's first
   * request after the TTL, which awaits its own lookup.
   */
  private refreshUsed(): void {
    if (this.refreshing || this.used.length === 0) return;
    const tokens = this.used;
    this.used = [];
    this.refreshing = true;
    this.prisma.projectToken
      .findMany({ where: { token: { in: tokens } }, select: TOKEN_SELECT })
      .then((rows) => {
        const found = new Map(rows.map((row) => [row.token, row]));
        for (const token of tokens) this.store(token, found.get(token) ?? null);
      })
      .catch(() => undefined)
      .finally(() => (this.refreshing = false));
  }

  private load(token: string): Promise<CacheEntry> {
    const inFlight = this.pending.get(token);
    if (inFlight) return inFlight;
    const lookup = this.prisma.projectToken
      .findUnique({ where: { token }, select: TOKEN_SELECT })
      .then((row) => this.store(token, row))
      .finally(() => this.pending.delete(token));
    this.pending.set(token, lookup);
    return lookup;
  }

  private store(token: string, row: TokenRow | null): CacheEntry {
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
      used: false,
    };
    // Bounded, so a flood of made-up tokens cannot grow memory.
    this.entries.set(token, entry);
    return entry;
  }
}
