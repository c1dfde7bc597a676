import type { AcceptedItem, BatchSummaryItem, LiveItem } from "@inlet/db";

/**
 * What one ingestion request came to. Handlers and gates only return these; `respond`
 * (respond.ts) is the one place that turns an outcome into the HTTP reply and the Live item.
 */
export type IngestOutcome = Accepted | Dropped | Refused | BatchAnswered | DryRunAnswered;

/** Stored (or a repeat of something stored): 200. `live` is null when there is nothing new to show. */
export interface Accepted {
  kind: "accepted";
  live: AcceptedItem | null;
  /** `future`: the client's event time was not believed, and the receive time was stored. */
  timeAdjusted: TimeAdjustment | null;
}

export type TimeAdjustment = "future";

/** A batch item whose event was stored under its receive time instead of the client's. */
export interface ItemTimeAdjustment {
  index: number;
  reason: TimeAdjustment;
}

/** A refused item of a batch, by its position in `batch`. */
export interface ItemRefusal {
  index: number;
  status: number;
  reason: string;
}

/** The 200 body of a `POST /batch`: duplicates count as accepted and are listed too. */
export interface BatchVerdicts {
  accepted: number;
  rejected: ItemRefusal[];
  duplicate: number[];
  /** Only present when an item's time was adjusted, so the usual answer keeps its shape. */
  timeAdjusted?: ItemTimeAdjustment[];
}

/** A batch whose every accepted item committed: 200 with the verdicts, and what Live shows. */
export interface BatchAnswered {
  kind: "batch";
  verdicts: BatchVerdicts;
  summary: BatchSummaryItem;
  /** The stored events and user changes, as single requests would have shown them. */
  items: AcceptedItem[];
}

/**
 * A dry run that passed every check: 200 with what would have been stored (the JSON body),
 * and Live's rows for it, marked. Nothing was stored. A dry run that fails a check is the
 * check's own Dropped or Refused, marked by the request's trace.
 */
export interface DryRunAnswered {
  kind: "dry-run";
  body: Record<string, unknown>;
  live: LiveItem[];
}

/** Acknowledged with 200 but not stored, and the reply says why. */
export interface Dropped {
  kind: "dropped";
  what: "bot" | "prefetch" | "page-leave" | "user-deleted";
  reason: string;
}

/** Not stored: a 4xx the client must fix, or a 503 it should retry after `retryAfterSeconds`. */
export interface Refused {
  kind: "refused";
  status: number;
  reason: string;
  retryAfterSeconds: number | null;
}

export const REASON_HEADER = "x-inlet-reason";
export const DROPPED_HEADER = "x-inlet-dropped";
export const TIME_ADJUSTED_HEADER = "x-inlet-time-adjusted";
export const DRY_RUN_HEADER = "x-inlet-dry-run";

export const accepted = (
  live: AcceptedItem | null,
  timeAdjusted: TimeAdjustment | null = null,
): Accepted => ({ kind: "accepted", live, timeAdjusted });

// Outcomes without request data are built once at module load and shared (frozen) by requests.
export const dropped = (what: Dropped["what"], reason: string): Dropped =>
  Object.freeze({ kind: "dropped", what, reason });

export const refused = (
  status: number,
  reason: string,
  retryAfterSeconds: number | null = null,
): Refused => Object.freeze({ kind: "refused", status, reason, retryAfterSeconds });

/** Acknowledged with nothing to show live (the SDK's visitor reset). */
export const ACKNOWLEDGED: Accepted = Object.freeze(accepted(null));

/** The HTTP side of an outcome; `body` undefined means an empty reply without a content type. */
export interface ReplySpec {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: string | undefined;
}

const ACCEPTED_REPLY: ReplySpec = Object.freeze({
  status: 200,
  headers: Object.freeze({}),
  body: undefined,
});

const JSON_TYPE = "application/json; charset=utf-8";

/**
 * A dry run's refusal or drop: the same status and headers, and a JSON body a CI check
 * can read (the reason even for a 400, whose real body is `Invalid!`).
 */
function dryRunReply(outcome: Dropped | Refused): ReplySpec {
  const reply = replyOf(outcome);
  const status = outcome.kind === "refused" ? outcome.status : 200;
  return {
    status,
    headers: { ...reply.headers, [DRY_RUN_HEADER]: "1", "content-type": JSON_TYPE },
    body: JSON.stringify({
      dryRun: true,
      status,
      ...(outcome.kind === "dropped" && { dropped: outcome.what }),
      reason: outcome.reason,
    }),
  };
}

/**
 * The reply product.md prescribes: 400 says `Invalid!` as the contract demands, other
 * refusals repeat their reason (a 401 too: an empty answer leaves a developer guessing);
 * every refusal and drop names its reason in a header, and 503s say when to retry. A dry
 * run's answers are JSON and say so in `X-Inlet-Dry-Run`.
 */
export function replyOf(outcome: IngestOutcome, dryRun = false): ReplySpec {
  if (dryRun && (outcome.kind === "dropped" || outcome.kind === "refused"))
    return dryRunReply(outcome);
  switch (outcome.kind) {
    case "accepted":
      return outcome.timeAdjusted === null
        ? ACCEPTED_REPLY
        : {
            status: 200,
            headers: { [TIME_ADJUSTED_HEADER]: outcome.timeAdjusted },
            body: undefined,
          };
    case "dropped":
      return {
        status: 200,
        headers: { [DROPPED_HEADER]: outcome.what, [REASON_HEADER]: outcome.reason },
        body: undefined,
      };
    case "batch":
      return {
        status: 200,
        headers: { "content-type": JSON_TYPE },
        body: JSON.stringify(outcome.verdicts),
      };
    case "dry-run":
      return {
        status: 200,
        headers: { "content-type": JSON_TYPE, [DRY_RUN_HEADER]: "1" },
        body: JSON.stringify(outcome.body),
      };
    case "refused": {
      const { status, reason, retryAfterSeconds } = outcome;
      const headers: Record<string, string> = {
        [REASON_HEADER]: reason,
        "content-type": "text/plain; charset=utf-8",
      };
      if (retryAfterSeconds !== null) headers["retry-after"] = String(retryAfterSeconds);
      return { status, headers, body: status === 400 ? "Invalid!" : reason };
    }
  }
}
