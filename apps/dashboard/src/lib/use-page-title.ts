import { useEffect } from "react";

/** Names the page in the browser tab and history, so several open tabs can be told apart. */
export function usePageTitle(...parts: (string | null | undefined)[]): void {
  const title = [...parts.filter(Boolean), "Inlet"].join(" · ");
  useEffect(() => {
    document.title = title;
  }, [title]);
}
