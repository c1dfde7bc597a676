import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../lib/trpc.ts";

// Lists and charts come from the read replica; a few seconds behind is normal streaming.
const NOTICEABLE_LAG_SECONDS = 5;
const CHECK_EVERY_MS = 10_000;

/** Says when the read replica is far enough behind that lists and charts miss recent events. */
export function ReplicaLagNotice() {
  const trpc = useTRPC();
  const replication = useQuery({
    ...trpc.stats.replication.queryOptions(),
    refetchInterval: CHECK_EVERY_MS,
  });
  const lag = replication.data?.lagSeconds;
  if (lag === null || lag === undefined || lag <= NOTICEABLE_LAG_SECONDS) return null;
  return (
    <p className="notice notice-warning" role="status">
      Events, users and charts come from a read replica that is {Math.round(lag)} s behind: the
      latest events may be missing from them. Live is not affected.
    </p>
  );
}
