import { useCallback, useEffect, useRef, useState } from "react";
import { adoptAnonymousRows, hasIdentify } from "./adopt-rows.ts";
import type { LiveRow } from "./live-types.ts";

/** Rows kept on screen (and held while paused); beyond this the oldest fall off. */
export const MAX_ROWS = 1_000;
// Messages arriving within this window render together: one render per burst, not per event.
const FLUSH_MS = 50;

export interface LiveBuffer {
  rows: LiveRow[];
  paused: boolean;
  /** Everything received since pausing, even beyond what the held buffer can keep. */
  newWhilePaused: number;
  add: (row: LiveRow) => void;
  pause: () => void;
  resume: () => void;
  clear: () => void;
}

/**
 * Newest first. Items normally arrive in order and are simply put on top; an item a replay
 * delivered late is sorted into place (stable, so equal times keep arrival order). An
 * identify's earlier anonymous rows take its user, as their stored events did.
 */
function merge(newestFirst: LiveRow[], current: LiveRow[]): LiveRow[] {
  const oldestNew = newestFirst.at(-1);
  const newestOld = current[0];
  const combined = [...newestFirst, ...current];
  if (oldestNew && newestOld && oldestNew.at < newestOld.at) {
    combined.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  }
  const kept = combined.slice(0, MAX_ROWS);
  // Only a new identify can adopt rows, so a flood of plain events costs no extra pass.
  return hasIdentify(newestFirst) ? adoptAnonymousRows(kept) : kept;
}

export function useLiveBuffer(): LiveBuffer {
  const [rows, setRows] = useState<LiveRow[]>([]);
  const [paused, setPaused] = useState(false);
  const [newWhilePaused, setNewWhilePaused] = useState(0);
  const incoming = useRef<LiveRow[]>([]);
  const held = useRef<LiveRow[]>([]);
  const pausedRef = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const flush = useCallback(() => {
    timer.current = null;
    // The batch arrived oldest first.
    const batch = incoming.current.reverse();
    incoming.current = [];
    if (batch.length === 0) return;
    if (pausedRef.current) {
      held.current = merge(batch, held.current);
      setNewWhilePaused((count) => count + batch.filter((row) => row.type === "item").length);
    } else {
      setRows((current) => merge(batch, current));
    }
  }, []);

  const add = useCallback(
    (row: LiveRow) => {
      incoming.current.push(row);
      // Bounded even if flushing stalls (timers in a background tab run rarely).
      if (incoming.current.length > MAX_ROWS) incoming.current.shift();
      timer.current ??= setTimeout(flush, FLUSH_MS);
    },
    [flush],
  );

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const pause = useCallback(() => {
    pausedRef.current = true;
    setPaused(true);
  }, []);

  const resume = useCallback(() => {
    flush();
    pausedRef.current = false;
    const waiting = held.current;
    held.current = [];
    setRows((current) => merge(waiting, current));
    setPaused(false);
    setNewWhilePaused(0);
  }, [flush]);

  const clear = useCallback(() => {
    incoming.current = [];
    held.current = [];
    setRows([]);
    setNewWhilePaused(0);
  }, []);

  return { rows, paused, newWhilePaused, add, pause, resume, clear };
}
