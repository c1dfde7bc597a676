export class DeadlineError extends Error {
  override name = "DeadlineError";
}

/**
 * Settles with the promise, or rejects after `ms`: a database that stopped answering
 * (without closing its connections) must not leave a client waiting. The work itself
 * is not cancelled; callers answer as if it failed, which never overstates success.
 */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  // Runs once per ingest request: no `finally`, whose promise and closures would be garbage.
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new DeadlineError(`${what}: no answer within ${ms} ms`)),
      ms,
    );
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- the work's own reason, passed on
        reject(error);
      },
    );
  });
}
