// What travels between processes on the live channel: one NOTIFY payload per envelope,
// each under PostgreSQL's 8000-byte cap.
import type { LiveItem } from "@inlet/contracts";
import type { LiveForget } from "./live-bus.ts";

// NOTIFY payloads are capped at 8000 bytes.
const MAX_PAYLOAD_BYTES = 7_900;

export interface Envelope {
  origin: string;
  items: LiveItem[];
  forget?: LiveForget;
  /** A process that started listening (its origin), and another's answer to it (see LivePeers). */
  hello?: string;
  welcome?: string;
}

// A deleted user's items are recognised by identifier; their linked visitors are a bonus
// that must not push the notice past the payload cap.
export const FORGET_ANONYMOUS_IDS = 40;

const NOVEL_KEYS_MAX_BYTES = 2_000;

/**
 * Items too large to travel whole lose their custom data (the stored event keeps it) and
 * all but the first new keys (the catalogue lists them all).
 */
function shrink(item: LiveItem): LiveItem {
  if (item.kind !== "accepted") return item;
  if (!item.novel) return { ...item, customData: null };
  let budget = NOVEL_KEYS_MAX_BYTES;
  const keys = item.novel.keys.filter((key) => (budget -= Buffer.byteLength(key) + 3) >= 0);
  return { ...item, customData: null, novel: { name: item.novel.name, keys } };
}

/** Packs items into as few NOTIFY payloads as the size cap allows. */
export function pack(
  origin: string,
  items: LiveItem[],
  onError: (error: unknown) => void,
): string[] {
  const payloads: string[] = [];
  let current: string[] = [];
  let size = 0;
  const overhead = Buffer.byteLength(JSON.stringify({ origin, items: [] } satisfies Envelope));
  const flush = () => {
    if (current.length > 0)
      payloads.push(`{"origin":${JSON.stringify(origin)},"items":[${current.join(",")}]}`);
    current = [];
    size = 0;
  };
  for (const item of items) {
    let json = JSON.stringify(item);
    if (overhead + Buffer.byteLength(json) > MAX_PAYLOAD_BYTES) json = JSON.stringify(shrink(item));
    const bytes = Buffer.byteLength(json) + 1;
    if (overhead + bytes > MAX_PAYLOAD_BYTES) {
      onError(new Error(`live item too large to publish across processes (${item.kind})`));
      continue;
    }
    if (overhead + size + bytes > MAX_PAYLOAD_BYTES) flush();
    current.push(json);
    size += bytes;
  }
  flush();
  return payloads;
}
