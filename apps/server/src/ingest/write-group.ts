import { GroupCommitter, type GroupCommitOptions } from "./group-commit.ts";

// Why `/i` and `/u` are gathered: alone, each committed with a WAL flush of its own, and a
// backend's `/i` relinks the one visitor it shares with all its users, so each waited on
// that row for the one before it to flush (decision 026). Gathered, the writes that arrive
// meanwhile are applied together: one statement, one flush.

/**
 * Applies concurrent writes together, in the order they arrived, with `together` (which
 * answers each write, in order). When that fails, each write is applied again alone, so
 * one write's error (or a deadlock with an event batch) fails only that write: the writes
 * must state an end state (upserts, a link), so applying one again after an unknown
 * outcome is safe.
 */
export class WriteGroup<Write, Written> {
  private readonly committer: GroupCommitter<Write, PromiseSettledResult<Written>>;

  constructor(together: (writes: Write[]) => Promise<Written[]>, options: GroupCommitOptions) {
    const alone = (writes: Write[]): Promise<PromiseSettledResult<Written>[]> =>
      Promise.all(writes.map((write) => settled(together([write]).then(onlyAnswer))));
    this.committer = new GroupCommitter(async (writes) => {
      if (writes.length === 1) return alone(writes);
      try {
        const answers = await together(writes);
        return answers.map((value): PromiseSettledResult<Written> => ({
          status: "fulfilled",
          value,
        }));
      } catch {
        return alone(writes);
      }
    }, options);
  }

  async run(write: Write): Promise<Written> {
    const outcome = await this.committer.submit(write);
    if (outcome.status === "rejected") throw outcome.reason;
    return outcome.value;
  }

  drain(): Promise<void> {
    return this.committer.drain();
  }
}

function onlyAnswer<T>(answers: T[]): T {
  const [answer] = answers;
  if (answer === undefined) throw new Error("a write went unanswered");
  return answer;
}

function settled<T>(work: Promise<T>): Promise<PromiseSettledResult<T>> {
  return work.then(
    (value) => ({ status: "fulfilled", value }),
    (reason: unknown) => ({ status: "rejected", reason }),
  );
}
