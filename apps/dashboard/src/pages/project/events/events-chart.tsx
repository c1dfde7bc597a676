import { useQuery } from "@tanstack/react-query";
import { ErrorState, LoadingState } from "../../../components/state-views.tsx";
import { formatCount, formatTime } from "../../../lib/format.ts";
import { useTRPC } from "../../../lib/trpc.ts";

const WIDTH = 600;
const HEIGHT = 120;
const GAP = 2;

/** Events per minute over the last hour, as plain SVG bars. */
export function EventsChart({ projectId }: { projectId: string }) {
  const trpc = useTRPC();
  const stats = useQuery({
    ...trpc.stats.eventsPerMinute.queryOptions({ projectId }),
    // A history view, not a live one: a periodic refresh keeps the last bar honest.
    refetchInterval: 30_000,
  });

  if (stats.isPending) return <LoadingState label="Loading the last hour…" />;
  if (stats.isError)
    return (
      <ErrorState
        error={stats.error}
        title="Could not load the chart"
        onRetry={() => void stats.refetch()}
      />
    );

  const minutes = stats.data;
  const total = minutes.reduce((sum, minute) => sum + minute.count, 0);
  const peak = Math.max(0, ...minutes.map((minute) => minute.count));
  const scale = Math.max(1, peak);
  const barWidth = WIDTH / Math.max(1, minutes.length);
  const first = minutes[0];
  const last = minutes.at(-1);

  return (
    <figure className="chart card">
      <figcaption className="chart-caption">
        <span>Events per minute, last hour</span>
        <span className="muted">
          {formatCount(total)} total · peak {formatCount(peak)}/min
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        className="chart-svg"
        role="img"
        aria-label={`${total} events in the last hour, at most ${peak} in one minute`}
      >
        <line x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} className="chart-axis" />
        {minutes.map((minute, index) => {
          const height = minute.count === 0 ? 0 : Math.max(2, (minute.count / scale) * HEIGHT);
          return (
            <rect
              key={minute.minute}
              x={index * barWidth + GAP / 2}
              y={HEIGHT - height}
              width={Math.max(1, barWidth - GAP)}
              height={height}
              className="chart-bar"
            >
              <title>{`${formatTime(minute.minute)}: ${minute.count}`}</title>
            </rect>
          );
        })}
      </svg>
      <div className="chart-labels muted small" aria-hidden="true">
        <span>{first ? formatTime(first.minute) : ""}</span>
        <span>{last ? formatTime(last.minute) : ""}</span>
      </div>
    </figure>
  );
}
