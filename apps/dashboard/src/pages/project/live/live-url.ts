import { ALL_KINDS, parseNames, type LiveFilters, type LiveKind } from "./live-types.ts";

/** The Live filter inputs as typed; `names` is the comma-separated text. */
export interface LiveDraft {
  names: string;
  user: string;
  kinds: LiveKind[];
}

const isKind = (value: string): value is LiveKind => (ALL_KINDS as string[]).includes(value);

/** Reads `?name=…&user=…&kind=…` (kinds comma-separated); anything unknown is ignored. */
export function readLiveDraft(params: URLSearchParams): LiveDraft {
  const kinds = (params.get("kind") ?? "").split(",").filter(isKind);
  return {
    names: params.get("name") ?? "",
    user: params.get("user") ?? "",
    // None (or only unknown ones) means all, as an empty selection is not offered.
    kinds: kinds.length > 0 ? ALL_KINDS.filter((kind) => kinds.includes(kind)) : [...ALL_KINDS],
  };
}

/** The query string for a draft; defaults are left out so an unfiltered view has none. */
export function writeLiveDraft(draft: LiveDraft): URLSearchParams {
  const params = new URLSearchParams();
  const names = parseNames(draft.names).join(",");
  if (names) params.set("name", names);
  if (draft.user.trim()) params.set("user", draft.user.trim());
  if (draft.kinds.length > 0 && draft.kinds.length < ALL_KINDS.length) {
    params.set("kind", ALL_KINDS.filter((kind) => draft.kinds.includes(kind)).join(","));
  }
  return params;
}

/** What the stream is asked for: names and user once settled, kinds as soon as clicked. */
export function liveFiltersOf(settled: LiveDraft, kinds: LiveKind[] = settled.kinds): LiveFilters {
  return { names: parseNames(settled.names), userIdentifier: settled.user.trim(), kinds };
}
