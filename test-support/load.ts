/** What happened to one request of a load run. */
export type Outcome = { key: string; status: number } | { key: string; error: string };

/**
 * Sends one /e per key with at most `concurrency` in flight, each carrying its key as the
 * idempotency key. Network errors are recorded, not thrown: a killed server is expected.
 */
export async function sendEvents(
  baseUrl: string,
  token: string,
  keys: string[],
  concurrency: number,
  onOutcome?: (outcome: Outcome) => void,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const key = keys[next++] as string;
      let outcome: Outcome;
      try {
        const response = await fetch(`${baseUrl}/e`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "idempotency-key": key,
            connection: "close",
          },
          body: JSON.stringify({ projectToken: token, name: "load", customData: { key } }),
          signal: AbortSignal.timeout(10_000),
        });
        await response.arrayBuffer();
        outcome = { key, status: response.status };
      } catch (error) {
        outcome = { key, error: error instanceof Error ? error.message : String(error) };
      }
      outcomes.push(outcome);
      onOutcome?.(outcome);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return outcomes;
}

export const acknowledged = (outcomes: Outcome[]) =>
  outcomes
    .filter((outcome) => "status" in outcome && outcome.status === 200)
    .map((outcome) => outcome.key);
