export interface GroupCommitOptions {
  /** A batch is flushed as soon as it holds this many jobs... */
  maxBatch: number;
  /** ...or when its oldest job has waited this long. */
  maxDelayMs: number;
  /** Jobs allowed to wait; beyond it `submit` refuses at once, so memory stays bounded. */
  maxQueue: number;
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
 * Gathers concurrent jobs into batches committed by one call, one batch at a time (so
 * batches never contend for the same rows). Each job settles with its own batch's
 * outcome: a failed batch fails exactly its jobs.
 */
export class GroupCommitter<Job, Result> {
  private pending: Pending<Job, Result>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | null = null;

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
      if (this.pending.length >= this.options.maxBatch) this.flushSoon(0);
      else this.flushSoon(this.options.maxDelayMs);
    });
  }

  /** Resolves once every job submitted so far has settled (used at shutdown). */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.flushing) {
      if (!this.flushing) this.flush();
      await this.flushing;
    }
  }

  private flushSoon(delayMs: number): void {
    if (this.flushing) return; // the running batch flushes the rest when it ends
    if (delayMs === 0) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.flush();
    } else {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.flush();
      }, delayMs);
    }
  }

  private flush(): void {
    if (this.flushing || this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.options.maxBatch);
    this.flushing = this.run(batch).finally(() => {
      this.flushing = null;
      // Jobs that arrived while this batch committed have waited long enough.
      if (this.pending.length > 0) this.flush();
    });
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
