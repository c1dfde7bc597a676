import { hashSecretKey } from "@inlet/api";
import type { PrismaClient } from "@inlet/db";
import { LruCache } from "@inlet/ingest";

export interface ResolvedKey {
  keyId: string;
  projectId: string;
  /** The key's shown start (`sk_AbCdEfGh`), which names it where it acts, as in the audit log. */
  prefix: string;
  scopes: readonly string[];
}

export type KeyResolution = { valid: true; key: ResolvedKey } | { valid: false; revoked: boolean };

interface CacheEntry {
  value: ResolvedKey | null;
  revoked: boolean;
  fetchedAt: number;
}

/**
 * Resolves secret keys with at most one indexed lookup per key per TTL. The TTL is below a
 * second, so a key revoked by any process (or the CLI) stops working everywhere within one,
 * as project tokens do (ingest/token-cache.ts). Entries are keyed by the key's hash, so the
 * cache holds no usable secret.
 */
export class KeyCache {
  private readonly entries: LruCache<string, CacheEntry>;
  private readonly pending = new Map<string, Promise<CacheEntry>>();

  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: () => number,
    private readonly ttlMs = 500,
  ) {
    // Bounded, so a flood of made-up keys cannot grow memory.
    this.entries = new LruCache(10_000);
  }

  /** Throws when the database cannot answer. */
  async resolve(key: string): Promise<KeyResolution> {
    const hash = hashSecretKey(key);
    const cached = this.entries.get(hash);
    const entry =
      cached && this.now() - cached.fetchedAt < this.ttlMs ? cached : await this.load(hash);
    if (!entry.value || entry.revoked) return { valid: false, revoked: entry.revoked };
    return { valid: true, key: entry.value };
  }

  private load(hash: string): Promise<CacheEntry> {
    const inFlight = this.pending.get(hash);
    if (inFlight) return inFlight;
    const lookup = this.fetch(hash).finally(() => this.pending.delete(hash));
    this.pending.set(hash, lookup);
    return lookup;
  }

  private async fetch(hash: string): Promise<CacheEntry> {
    const row = await this.prisma.apiKey.findUnique({
      where: { keyHash: hash },
      select: { id: true, projectId: true, prefix: true, scopes: true, revokedAt: true },
    });
    const entry: CacheEntry = {
      value: row
        ? { keyId: row.id, projectId: row.projectId, prefix: row.prefix, scopes: row.scopes }
        : null,
      revoked: row?.revokedAt != null,
      fetchedAt: this.now(),
    };
    this.entries.set(hash, entry);
    return entry;
  }
}
