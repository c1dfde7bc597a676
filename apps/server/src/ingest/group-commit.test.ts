// Group commit's batching rules: size and delay triggers, per-batch failure, and the bounded queue.
import { describe, expect, it } from "vitest";
import { GroupCommitter, QueueFullError } from "./group-commit.ts";

function recordingCommitter(
  options = { maxBatch: 3, maxDelayMs: 5, maxQueue: 100, maxInFlight: 1, eagerWhenIdle: true },
) {
  const batches: number[][] = [];
  const committer = new GroupCommitter<number, string>(async (jobs) => {
    batches.push(jobs);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (jobs.includes(-1)) throw new Error("batch failed");
    return jobs.map((job) => `done ${job}`);
  }, options);
  return { committer, batches };
}

describe("GroupCommitter", () => {
  it("answers each job with its own result after its batch commits", async () => {
    const { committer, batches } = recordingCommitter();
    const results = await Promise.all([1, 2, 3, 4, 5].map((job) => committer.submit(job)));
    expect(results).toEqual(["done 1", "done 2", "done 3", "done 4", "done 5"]);
    // The first job finds nothing committing and goes at once; the rest gather behind it.
    expect(batches).toEqual([[1], [2, 3, 4], [5]]);
  });

  it("sends a job at once when nothing is committing, else waits at most the delay", async () => {
    const { committer, batches } = recordingCommitter({
      maxBatch: 100,
      maxDelayMs: 20,
      maxQueue: 100,
      maxInFlight: 2,
      eagerWhenIdle: true,
    });
    const first = committer.submit(1);
    expect(batches).toEqual([[1]]);
    const second = committer.submit(2);
    expect(batches).toEqual([[1]]); // gathering: a slot is free, but company may come
    await Promise.all([first, second]);
    expect(batches).toEqual([[1], [2]]);
  });

  it("fails exactly the jobs of a failed batch", async () => {
    const { committer } = recordingCommitter();
    const outcomes = await Promise.allSettled([1, -1, 2, 3, 4].map((job) => committer.submit(job)));
    // Batches: [1], then [-1, 2, 3] fails as a whole, then [4].
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      "fulfilled",
      "rejected",
      "rejected",
      "rejected",
      "fulfilled",
    ]);
  });

  it("refuses jobs beyond the queue bound at once, without touching queued ones", async () => {
    const { committer } = recordingCommitter({
      maxBatch: 2,
      maxDelayMs: 50,
      maxQueue: 3,
      maxInFlight: 1,
      eagerWhenIdle: true,
    });
    const submitted = [1, 2, 3, 4, 5, 6].map((job) => committer.submit(job));
    const outcomes = await Promise.allSettled(submitted);
    const refused = outcomes.filter((outcome) => outcome.status === "rejected");
    expect(refused.length).toBeGreaterThan(0);
    for (const outcome of refused) expect(outcome.reason).toBeInstanceOf(QueueFullError);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled").length).toBe(
      6 - refused.length,
    );
  });

  it("gathers even the first job when told not to send eagerly (embedded database)", async () => {
    const { committer, batches } = recordingCommitter({
      maxBatch: 100,
      maxDelayMs: 10,
      maxQueue: 100,
      maxInFlight: 1,
      eagerWhenIdle: false,
    });
    const jobs = [1, 2, 3].map((job) => committer.submit(job));
    expect(batches).toEqual([]);
    await Promise.all(jobs);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it("commits up to maxInFlight batches at once", async () => {
    let running = 0;
    let peak = 0;
    const committer = new GroupCommitter<number, number>(
      async (jobs) => {
        peak = Math.max(peak, ++running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running--;
        return jobs;
      },
      { maxBatch: 2, maxDelayMs: 1, maxQueue: 100, maxInFlight: 3, eagerWhenIdle: true },
    );
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => committer.submit(i)));
    expect(results).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(peak).toBe(3);
  });

  it("drains every queued job", async () => {
    const { committer } = recordingCommitter({
      maxBatch: 2,
      maxDelayMs: 1_000,
      maxQueue: 100,
      maxInFlight: 1,
      eagerWhenIdle: true,
    });
    const pending = [1, 2, 3].map((job) => committer.submit(job));
    await committer.drain();
    expect(committer.queued).toBe(0);
    expect(await Promise.all(pending)).toHaveLength(3);
  });
});
