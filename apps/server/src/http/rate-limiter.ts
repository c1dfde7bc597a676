import { LruCache } from "@inlet/ingest";

export interface RateLimitDecision {
  allowed: boolean;
  /** Whole seconds until a request would be allowed again (for Retry-After). */
  retryAfterSeconds: number;
  /** The bucket's size (the burst), what is left in it now, and whole seconds until it is full. */
  limit: number;
  remaining: number;
  resetSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per key (per project token for ingestion, per account or IP for logins),
 * refilled continuously. State is per process: N processes allow up to N times the rate.
 */
export class RateLimiter {
  private readonly buckets: LruCache<string, Bucket>;

  constructor(
    private readonly perSecond: number,
    readonly burst: number,
    private readonly now: () => number = Date.now,
    maxKeys = 100_000,
  ) {
    // Bounded: keys come from clients (tokens, addresses), so their number is theirs to choose.
    this.buckets = new LruCache(maxKeys);
  }

  take(key: string, cost = 1): RateLimitDecision {
    const at = this.now();
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: this.burst, updatedAt: at };
      this.buckets.set(key, bucket);
    }
    const refilled = Math.min(
      this.burst,
      bucket.tokens + ((at - bucket.updatedAt) / 1000) * this.perSecond,
    );
    const allowed = refilled >= cost;
    // Updated in place: `get` kept a known key's bucket among the recently used.
    bucket.tokens = allowed ? refilled - cost : refilled;
    bucket.updatedAt = at;
    const missing = allowed ? 0 : cost - refilled;
    return {
      allowed,
      retryAfterSeconds: Math.max(1, Math.ceil(missing / this.perSecond)),
      limit: Math.floor(this.burst),
      remaining: Math.floor(bucket.tokens),
      resetSeconds: Math.ceil((this.burst - bucket.tokens) / this.perSecond),
    };
  }
}
