export interface GroupCommitOptions {
  /** A batch is flushed as soon as it holds this many jobs... */
  maxBatch: number;
  /** ...or when its oldest job has waited this long. */
  maxDelayMs: number;
  /** Jobs allowed to wait; beyond it `submit` refuses at once, so memory stays bounded. */
  maxQueue: number;
  /** Batches committing at once: while one waits on the database, the next can start. */
  maxInFlight: number;
  /**
   * Send a job at once when nothing is committing. Right for a database in another
   * process (the wait would be pure latency); wrong for embedded PGlite, whose work runs
   * on this thread, where batches of one would starve it.
   */
  eagerWhenIdle: boolean;
}

export class QueueFullError extends Error {
  override name = "QueueFullError";
}

interface Pending<Job, Result> {
  job: Job;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * Gathers concurrent jobs into batches, each committed by one call. Each job settles with
 * its own batch's outcome: a failed batch fails exactly its jobs.
 */
export class GroupCommitter<Job, Result> {
  private pending: Pending<Job, Result>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly commit: (jobs: Job[]) => Promise<Result[]>,
    private readonly options: GroupCommitOptions,
  ) {}

  get queued(): number {
    return this.pending.length;
  }

  submit(job: Job): Promise<Result> {
    if (this.pending.length >= this.options.maxQueue) {
      return Promise.reject(new QueueFullError("ingestion queue is full"));
    }
    return new Promise<Result>((resolve, reject) => {
      this.pending.push({ job, resolve, reject });
      // Jobs gather for a few milliseconds, or until a batch is full.
      const idle = this.options.eagerWhenIdle && this.inFlight.size === 0;
      if (this.pending.length >= this.options.maxBatch || idle) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.maxDelayMs);
    });
  }

  /** Resolves once every job submitted so far has settled (used at shutdown). */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.inFlight.size > 0) {
      this.flush();
      await Promise.race(this.inFlight);
    }
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.pending.length > 0 && this.inFlight.size < this.options.maxInFlight) {
      const batch = this.pending.splice(0, this.options.maxBatch);
      const running: Promise<void> = this.run(batch).finally(() => {
        this.inFlight.delete(running);
        // Jobs that arrived while every slot was busy have waited long enough.
        if (this.pending.length > 0) this.flush();
      });
      this.inFlight.add(running);
    }
  }

  private async run(batch: Pending<Job, Result>[]): Promise<void> {
    try {
      const results = await this.commit(batch.map((entry) => entry.job));
      batch.forEach((entry, index) => entry.resolve(results[index] as Result));
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }
}
