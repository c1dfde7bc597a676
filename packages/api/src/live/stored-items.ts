import type { LiveItem, PrismaClient } from "@inlet/db";
import type { LiveFeedFilter as LiveFilter } from "./live-feed.ts";

/**
 * A project's stored events of the last minutes as live items, newest first: the part of
 * Live's opening history that any process can provide, even one started after them.
 * Refusals and drops are never stored; they come from the processes' shared live channel.
 */
export function storedLiveItems(prisma: PrismaClient, filter: LiveFilter) {
  return async (sinceMs: number, limit: number): Promise<LiveItem[]> => {
    if (filter.kinds?.length && !filter.kinds.includes("accepted")) return [];
    const events = await prisma.event.findMany({
      where: {
        projectId: filter.projectId,
        occurredAt: { gte: new Date(sinceMs) },
        ...(filter.names?.length && { name: { in: [...filter.names] } }),
        ...(filter.userIdentifier && { user: { identifier: filter.userIdentifier } }),
        // a deleted user's events, still being removed, are theirs no more to show
        OR: [{ userId: null }, { user: { deletedAt: null } }],
      },
      orderBy: [{ occurredAt: "desc" }, { id: "desc" }],
      take: limit,
      select: {
        id: true,
        name: true,
        url: true,
        anonymousId: true,
        customData: true,
        receivedAt: true,
        user: { select: { identifier: true } },
      },
    });
    return events.map((event) => ({
      itemId: event.id,
      kind: "accepted",
      projectId: filter.projectId,
      eventId: event.id,
      name: event.name,
      url: event.url,
      userIdentifier: event.user?.identifier ?? null,
      anonymousId: event.anonymousId,
      customData: event.customData as Record<string, string>,
      at: event.receivedAt.toISOString(),
    }));
  };
}
