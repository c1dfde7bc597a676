import { liveKinds } from "@inlet/contracts";
import type { RouterInputs, RouterOutputs } from "../../../lib/trpc.ts";

type Yielded<T> = T extends AsyncIterable<infer U> ? U : T;

/** One SSE message: the tracked id the server assigned, and its payload. */
export type LiveEnvelope = Yielded<RouterOutputs["live"]["events"]>;
export type LivePayload = LiveEnvelope["data"];
export type LiveItem = Extract<LivePayload, { type: "items" }>["items"][number];
export type LiveKind = LiveItem["kind"];
export type LiveInput = RouterInputs["live"]["events"];

/** `at` orders rows: items by when they happened, notices by when they arrived. */
export type LiveRow =
  | { key: string; at: string; type: "item"; item: LiveItem }
  | { key: string; at: string; type: "missed"; count: number };

export interface LiveFilters {
  names: string[];
  userIdentifier: string;
  kinds: LiveKind[];
}

export const ALL_KINDS: readonly LiveKind[] = liveKinds;

/** Comma-separated exact names, as the server matches them (at most the 50 it accepts). */
export function parseNames(text: string): string[] {
  return [...new Set(text.split(",").map((name) => name.trim()))].filter(Boolean).slice(0, 50);
}

export function toServerFilters(filters: LiveFilters): Omit<LiveInput, "projectId"> {
  return {
    ...(filters.names.length > 0 && { names: filters.names }),
    ...(filters.userIdentifier && { userIdentifier: filters.userIdentifier }),
    // Every kind is the same as no kind filter; sending none keeps the input simple.
    ...(filters.kinds.length > 0 &&
      filters.kinds.length < ALL_KINDS.length && { kinds: filters.kinds }),
  };
}
