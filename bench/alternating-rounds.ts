// Shape ratios a spell of the shared machine cannot tilt. The 20 s phases run one after
// another, and this machine's speed moves by half within minutes, so a ratio of two phases
// can read 0.6 or 1.0 for one build. Here short phases of each shape take turns, in an
// order that reverses every round, and each round gives its own ratios; the report keeps
// their median.
import type { BenchProject } from "./database.ts";
import type { LoadOptions } from "./phases.ts";
import { percentile, type PhaseRow } from "./report.ts";

// Odd, so that the nearest-rank median is the middle round's ratio.
const ROUNDS = 3;
const ROUND_S = 8;

const SHAPES = ["anonymous", "identified", "mix"] as const;
type RoundShape = (typeof SHAPES)[number];

export interface AlternatingRounds {
  durationS: number;
  /** Events/s and server CPU µs per event of each shape, round by round. */
  rounds: Record<RoundShape, { eventsPerSecond: number; serverCpuUsPerEvent: number }>[];
  /** Each named shape's rate over the anonymous rate of its own round: every round, and the median. */
  ratios: Record<"identified" | "mix", { rounds: number[]; median: number }>;
}

type Phase = (
  name: string,
  project: BenchProject,
  options: LoadOptions,
) => Promise<PhaseRow | null>;

/** The options of each shape, as the 20 s phases of the same shape use them. */
const OPTIONS: Record<RoundShape, LoadOptions> = {
  anonymous: {},
  identified: { shape: "identified", sideTraffic: true },
  mix: { shape: "mix", sideTraffic: true },
};

export async function alternatingRounds(
  seed: (name: string) => Promise<BenchProject>,
  phase: Phase,
): Promise<AlternatingRounds | null> {
  const rounds: AlternatingRounds["rounds"] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 === 1 ? SHAPES : SHAPES.toReversed();
    const measured: Partial<AlternatingRounds["rounds"][number]> = {};
    for (const shape of order) {
      // A fresh project per phase: the stored-row check counts the project's rows.
      const project = await seed(`bench round ${round} ${shape}`);
      const row = await phase(`round ${round}: Inlet /e ${shape}, Postgres`, project, {
        ...OPTIONS[shape],
        durationS: ROUND_S,
      });
      if (!row) return null;
      const { eventsPerSecond, serverCpuUsPerEvent } = row;
      measured[shape] = { eventsPerSecond, serverCpuUsPerEvent };
    }
    const { anonymous, identified, mix } = measured;
    if (anonymous && identified && mix) rounds.push({ anonymous, identified, mix });
  }
  const ratioOf = (shape: "identified" | "mix") => {
    const each = rounds.map(
      (round) => round[shape].eventsPerSecond / round.anonymous.eventsPerSecond,
    );
    return {
      rounds: each,
      median: percentile(
        each.toSorted((a, b) => a - b),
        50,
      ),
    };
  };
  return {
    durationS: ROUND_S,
    rounds,
    ratios: { identified: ratioOf("identified"), mix: ratioOf("mix") },
  };
}
