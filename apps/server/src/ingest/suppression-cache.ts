import { identifierHasher, loadSuppressedHashes } from "@inlet/api";
import type { PrismaClient } from "@inlet/db";
import { LruCache } from "@inlet/ingest";

interface Entry {
  version: number;
  hashes: Set<string>;
}

/**
 * Each project's suppression list, kept in memory and reloaded when the project's version
 * (read with its token, so at most 500 ms old) moves past it: a deletion or a removal on any
 * process applies everywhere within a second, and the hot path costs one HMAC, only for
 * projects that have a list at all.
 */
export class SuppressionCache {
  private readonly entries = new LruCache<string, Entry>(1_000);
  private readonly pending = new Map<string, Promise<Entry>>();

  constructor(private readonly prisma: PrismaClient) {}

  async suppressed(projectId: string, version: number, identifier: string): Promise<boolean> {
    if (version === 0) return false;
    const cached = this.entries.get(projectId);
    const entry = cached && cached.version >= version ? cached : await this.load(projectId);
    if (entry.hashes.size === 0) return false;
    const hash = (await identifierHasher(this.prisma))(projectId, identifier);
    return entry.hashes.has(hash);
  }

  private load(projectId: string): Promise<Entry> {
    const inFlight = this.pending.get(projectId);
    if (inFlight) return inFlight;
    const lookup = loadSuppressedHashes(this.prisma, projectId)
      .then((entry) => {
        this.entries.set(projectId, entry);
        return entry;
      })
      .finally(() => this.pending.delete(projectId));
    this.pending.set(projectId, lookup);
    return lookup;
  }
}
