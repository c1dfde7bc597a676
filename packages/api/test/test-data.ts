// Rows the API tests insert directly through Prisma: events at known times, users with properties.
import { randomBytes, randomUUID } from "node:crypto";
import type { Database, Prisma } from "@inlet/db";

export { createTestProject } from "../../../test-support/fixtures.ts";

export interface EventSpec {
  name?: string;
  occurredAt: Date;
  userId?: string | null;
  tokenId?: string | null;
  anonymousId?: string;
  customData?: Record<string, string>;
  /** The `POST /batch` that carried it; null (a single request) by default. */
  batchId?: string | null;
}

/** Inserts events and returns their ids in the order given. */
export async function insertEvents(
  database: Database,
  projectId: string,
  specs: EventSpec[],
): Promise<string[]> {
  const rows = specs.map((spec) => ({
    id: randomUUID(),
    projectId,
    name: spec.name ?? "page_view",
    occurredAt: spec.occurredAt,
    receivedAt: spec.occurredAt,
    userId: spec.userId ?? null,
    tokenId: spec.tokenId ?? null,
    anonymousId: spec.anonymousId ?? `anon-${randomBytes(4).toString("hex")}`,
    customData: spec.customData ?? {},
    batchId: spec.batchId ?? null,
  }));
  await database.prisma.event.createMany({ data: rows });
  return rows.map((row) => row.id);
}

/**
 * Adds to the per-minute counters as ingestion would for events at these times (spread over
 * shards, which readers must sum), without storing any event: what counts and charts read.
 */
export async function countEvents(
  database: Database,
  projectId: string,
  times: Date[],
  name = "page_view",
): Promise<void> {
  for (const [index, time] of times.entries()) {
    const minute = new Date(Math.floor(time.getTime() / 60_000) * 60_000);
    const shard = index % 3;
    await database.prisma.eventCount.upsert({
      where: { projectId_minute_name_shard: { projectId, minute, name, shard } },
      create: { projectId, minute, name, shard, count: 1 },
      update: { count: { increment: 1 } },
      select: { count: true },
    });
  }
}

export async function insertUser(
  database: Database,
  projectId: string,
  identifier: string,
  displayName: string | null = null,
  properties: Prisma.InputJsonObject = {},
) {
  return database.prisma.user.create({
    data: { projectId, identifier, displayName, properties },
    select: { id: true, identifier: true },
  });
}

export function minutesBefore(at: Date, minutes: number): Date {
  return new Date(at.getTime() - minutes * 60_000);
}
