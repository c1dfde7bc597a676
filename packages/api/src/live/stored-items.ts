import type { LiveItem, PrismaClient } from "@inlet/db";
import type { LiveFeedFilter as LiveFilter } from "./live-feed.ts";

/**
 * A project's events received in the last minutes as live items, latest first: the part of
 * Live's opening history that any process can provide, even one started after them.
 * Refusals and drops are never stored; they come from the processes' shared live channel.
 * Live is about arrival, so this goes by receive time: an event a client back-dated
 * arrived now, and shows among what arrived now.
 */
export function storedLiveItems(prisma: PrismaClient, filter: LiveFilter) {
  return async (sinceMs: number, limit: number): Promise<LiveItem[]> => {
    if (filter.kinds?.length && !filter.kinds.includes("accepted")) return [];
    const events = await prisma.event.findMany({
      where: {
        projectId: filter.projectId,
        receivedAt: { gte: new Date(sinceMs) },
        ...(filter.names?.length && { name: { in: [...filter.names] } }),
        ...(filter.userIdentifier && { user: { identifier: filter.userIdentifier } }),
        // a deleted user's events, still being removed, are theirs no more to show
        OR: [{ userId: null }, { user: { deletedAt: null } }],
      },
      orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
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
