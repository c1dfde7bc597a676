import { useEffect, useState } from "react";
import { formatCount } from "../../../lib/format.ts";
import type { Connection } from "./use-live-stream.ts";

const RESUMED_NOTICE_MS = 6_000;

export function ConnectionIndicator({ connection }: { connection: Connection }) {
  const label =
    connection.state === "live"
      ? "Live"
      : connection.state === "connecting"
        ? "Connecting…"
        : connection.state === "reconnecting"
          ? "Reconnecting…"
          : "Disconnected";
  return (
    <span
      className={`connection connection-${connection.state}`}
      data-testid="live-connection"
      data-state={connection.state}
    >
      <span className="connection-dot" aria-hidden="true" />
      {label}
    </span>
  );
}

interface ConnectionNoticeProps {
  connection: Connection;
  onReconnect: () => void;
}

export function ConnectionNotice({ connection, onReconnect }: ConnectionNoticeProps) {
  const resumedAt = connection.state === "live" ? connection.resumedAt : null;
  // The notice shows for a while after each resumption, until its timer hides it.
  const [hiddenAt, setHiddenAt] = useState<number | null>(null);
  const showResumed = resumedAt !== null && hiddenAt !== resumedAt;

  useEffect(() => {
    if (resumedAt === null) return;
    const timer = setTimeout(() => setHiddenAt(resumedAt), RESUMED_NOTICE_MS);
    return () => clearTimeout(timer);
  }, [resumedAt]);

  if (connection.state === "reconnecting") {
    return (
      <p className="notice notice-warning" role="status">
        Connection to the live stream was lost. Reconnecting… Events that arrive meanwhile will be
        delivered when it is back.
      </p>
    );
  }
  if (connection.state === "failed") {
    return (
      <div className="notice notice-error notice-with-action" role="alert">
        <span>The live stream stopped: {connection.reason}</span>
        <button type="button" className="button button-small" onClick={onReconnect}>
          Reconnect
        </button>
      </div>
    );
  }
  if (showResumed) {
    return (
      <p className="notice notice-success" role="status">
        Reconnected. The stream resumed where it left off.
      </p>
    );
  }
  return null;
}

interface CountNoticeProps {
  count: number;
  onAction: () => void;
}

export function SkippedNotice({ count, onAction }: CountNoticeProps) {
  if (count === 0) return null;
  return (
    <div className="notice notice-warning notice-with-action" role="status">
      <span>
        {formatCount(count)} {count === 1 ? "event was" : "events were"} skipped because this view
        could not keep up with the stream.
      </span>
      <button type="button" className="button button-small" onClick={onAction}>
        Dismiss
      </button>
    </div>
  );
}

export function PausedNotice({ count, onAction }: CountNoticeProps) {
  return (
    <div className="notice notice-info notice-with-action" role="status">
      <span>
        Paused. <strong data-testid="paused-count">{formatCount(count)}</strong>{" "}
        {count === 1 ? "new event" : "new events"} while paused.
      </span>
      <button type="button" className="button button-small button-primary" onClick={onAction}>
        Resume
      </button>
    </div>
  );
}
