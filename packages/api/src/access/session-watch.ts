import { TRPCError } from "@trpc/server";
import type { PrismaClient } from "@inlet/db";
import { roleAllows, type AdminRole } from "@inlet/contracts";
import { hashSecret } from "../services/sessions.ts";

interface Watcher {
  needed: AdminRole;
  controller: AbortController;
}

export interface WatchedAccess {
  /** Aborts, with the TRPCError to end the stream with, once access is lost. */
  signal: AbortSignal;
  stop(): void;
}

/**
 * Open live streams outlast the request that checked their session, so this process
 * re-reads the sessions of all its open streams in one query every `intervalMs` and
 * ends those whose session was revoked, or whose admin was removed or lost the role.
 * One query per process per tick, however many viewers (docs/decisions/006).
 */
export class SessionWatch {
  private readonly watched = new Map<string, Set<Watcher>>();
  private timer: NodeJS.Timeout | null = null;
  private checking = false;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: () => Date,
    private readonly intervalMs = 250,
  ) {}

  watch(sessionToken: string, needed: AdminRole): WatchedAccess {
    const tokenHash = hashSecret(sessionToken);
    const watcher: Watcher = { needed, controller: new AbortController() };
    const set = this.watched.get(tokenHash) ?? new Set();
    set.add(watcher);
    this.watched.set(tokenHash, set);
    this.timer ??= setInterval(() => void this.check(), this.intervalMs).unref();
    return { signal: watcher.controller.signal, stop: () => this.forget(tokenHash, watcher) };
  }

  private forget(tokenHash: string, watcher: Watcher): void {
    const set = this.watched.get(tokenHash);
    set?.delete(watcher);
    if (set?.size === 0) this.watched.delete(tokenHash);
    if (this.watched.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private async check(): Promise<void> {
    if (this.checking || this.watched.size === 0) return;
    this.checking = true;
    try {
      const rows = await this.prisma.adminSession.findMany({
        where: { tokenHash: { in: [...this.watched.keys()] } },
        select: {
          tokenHash: true,
          revokedAt: true,
          expiresAt: true,
          admin: { select: { role: true } },
        },
      });
      const now = this.now();
      const live = new Map(
        rows
          .filter((row) => !row.revokedAt && row.expiresAt > now)
          .map((row) => [row.tokenHash, row.admin.role]),
      );
      for (const [tokenHash, watchers] of this.watched) {
        const role = live.get(tokenHash);
        for (const watcher of watchers) {
          const reason = !role
            ? new TRPCError({ code: "UNAUTHORIZED", message: "Your session has ended" })
            : roleAllows(role, watcher.needed)
              ? null
              : new TRPCError({ code: "FORBIDDEN", message: "Your role no longer allows this" });
          if (reason) {
            watcher.controller.abort(reason);
            this.forget(tokenHash, watcher);
          }
        }
      }
    } catch {
      // The database is unreachable: streams keep their access until it answers again,
      // and requests (checked per call) fail on their own meanwhile.
    } finally {
      this.checking = false;
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.watched.clear();
  }
}
