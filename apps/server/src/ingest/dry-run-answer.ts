import { randomUUID } from "node:crypto";
import type { AcceptedItem, LiveItem, PrismaClient } from "@inlet/db";
import { isBot, senderKind, type SenderKind } from "@inlet/ingest";
import type { Visitor } from "./anonymous-identity.ts";
import { summaryItem } from "./batch-endpoint.ts";
import type { BatchWrite } from "./batch-writes.ts";
import { readDryRunState } from "./dry-run-reads.ts";
import { previewWrites, type ItemPreview } from "./dry-run.ts";
import { NO_USER_REASON, userChangeItem, type Visit } from "./endpoints.ts";
import {
  refused,
  type BatchVerdicts,
  type DryRunAnswered,
  type IngestOutcome,
  type ItemRefusal,
  type ItemTimeAdjustment,
} from "./outcome.ts";
import type { RequestTrace } from "./request-trace.ts";
import type { ResolvedToken } from "./token-cache.ts";

const NO_USER = refused(400, NO_USER_REASON);

/** What a dry run knows about its request once the visitor is identified. */
export interface DryRunRequest {
  visit: Visit<unknown>;
  visitor: Visitor;
  allowCookies: boolean;
  token: ResolvedToken;
  trace: RequestTrace;
}

/** A request's batch items after validation: the writes, their indexes, and the refused. */
export interface DryRunBatch {
  batchId: string;
  count: number;
  writes: BatchWrite[];
  indexes: number[];
  rejected: ItemRefusal[];
}

/** Answers dry runs: reads what the items depend on, then says what they would store. */
export interface DryRunner {
  single(request: DryRunRequest, write: BatchWrite): Promise<IngestOutcome>;
  batch(request: DryRunRequest, batch: DryRunBatch): Promise<IngestOutcome>;
}

/** The parts of the answer that belong to the request: its visitor and the bot verdict. */
function requestVerdicts({ visit, visitor, allowCookies, token }: DryRunRequest) {
  const source = visitor.cookie !== null ? "new-cookie" : allowCookies ? "cookie" : "cookieless";
  const sender: SenderKind = senderKind(visit.request.headers);
  return {
    visitor: { anonymousId: visitor.anonymousId, source, sender },
    // A bot the project filters never gets here: it is dropped, and the answer says so.
    bot: { detected: isBot(visit.request.headers["user-agent"]), filtered: token.filterBots },
  };
}

/** Live's row for an item that would be stored; none for a duplicate, as for real ones. */
function liveRow(preview: ItemPreview, visit: Visit<unknown>): AcceptedItem | null {
  if (preview.status !== 200) return null;
  switch (preview.type) {
    case "event": {
      if (preview.duplicate) return null;
      const { event, user, time } = preview;
      return {
        itemId: randomUUID(),
        kind: "accepted",
        projectId: visit.projectId,
        eventId: null,
        name: event.name,
        url: event.url,
        userIdentifier: user.identifier,
        anonymousId: event.anonymousId,
        customData: event.customData,
        at: time.receivedAt,
        dryRun: true,
      };
    }
    case "identify":
    case "updateUser": {
      const name = preview.type === "identify" ? "$identify" : "$update_user";
      return { ...userChangeItem(visit, name, preview.user.identifier ?? ""), dryRun: true };
    }
  }
}

export function dryRunner(prisma: PrismaClient): DryRunner {
  const previews = async ({ visit }: DryRunRequest, writes: BatchWrite[]) =>
    previewWrites(
      writes,
      await readDryRunState(prisma, visit.projectId, visit.anonymousId, writes),
    );

  return {
    async single(request, write) {
      const [preview] = await previews(request, [write]);
      if (!preview || preview.status !== 200) return NO_USER;
      const row = liveRow(preview, request.visit);
      return {
        kind: "dry-run",
        body: { dryRun: true, ...requestVerdicts(request), ...preview },
        live: row ? [row] : [],
      };
    },

    async batch(request, { batchId, count, writes, indexes, rejected }) {
      const results = await previews(request, writes);
      const verdicts: BatchVerdicts = { accepted: 0, rejected, duplicate: [] };
      const timeAdjusted: ItemTimeAdjustment[] = [];
      const rows: LiveItem[] = [];
      const items: Record<string, unknown>[] = rejected.map((refusal) => ({ ...refusal }));
      results.forEach((preview, position) => {
        const index = indexes[position] as number;
        if (preview.status !== 200) {
          const refusal = { index, status: 400, reason: NO_USER_REASON };
          rejected.push(refusal);
          items.push(refusal);
          return;
        }
        verdicts.accepted++;
        if (preview.type === "event" && preview.duplicate) verdicts.duplicate.push(index);
        // As in the real answer: flagged for an event that would be stored, not a duplicate.
        else if (preview.type === "event" && preview.time.adjusted)
          timeAdjusted.push({ index, reason: preview.time.adjusted });
        items.push({ index, ...preview });
        const row = liveRow(preview, request.visit);
        if (row) rows.push(row);
      });
      rejected.sort((a, b) => a.index - b.index);
      if (timeAdjusted.length > 0) verdicts.timeAdjusted = timeAdjusted;
      items.sort((a, b) => (a.index as number) - (b.index as number));
      const { trace, visit } = request;
      const summary = summaryItem(batchId, trace, visit.projectId, count, verdicts, visit.now);
      const answer: DryRunAnswered = {
        kind: "dry-run",
        body: { dryRun: true, ...verdicts, ...requestVerdicts(request), items },
        live: [{ ...summary, dryRun: true }, ...rows],
      };
      return answer;
    },
  };
}
