import { useEffect, useRef, useState } from "react";
import { useSearchParams } from "wouter";
import { useDebounced } from "./use-debounced.ts";

interface UrlCodec<T> {
  read: (params: URLSearchParams) => T;
  write: (value: T) => URLSearchParams;
}

/**
 * Filters kept in the address's query string, so a reload, a bookmark or a shared link shows
 * the same view. Returns the draft (what the inputs show) and its settled value (what to
 * query). The settled value replaces the current history entry rather than adding one:
 * typing must not fill the history, and Back leaves the page as it would without filters.
 * When the address changes from outside (Back, Forward, a link), the draft follows it.
 */
export function useUrlDraft<T>({ read, write }: UrlCodec<T>) {
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const [draft, setDraft] = useState(() => read(params));
  const settled = useDebounced(draft);
  // The query string as this hook last wrote or adopted it.
  const known = useRef(search);

  useEffect(() => {
    const next = write(settled).toString();
    if (next === known.current) return;
    known.current = next;
    setParams(next, { replace: true });
    // Only a newly settled draft is written; `write` and `setParams` do not change its meaning.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settled]);

  useEffect(() => {
    if (search === known.current) return;
    known.current = search;
    setDraft(read(new URLSearchParams(search)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [search]);

  return [draft, setDraft, settled] as const;
}
