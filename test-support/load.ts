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

/** One `POST /batch` of a load run: its items' ids as sent, and the answer or the error. */
export type BatchOutcome = { items: (string | null)[] } & (
  { status: number; body: unknown } | { error: string }
);

/**
 * Sends each batch as one `POST /batch` with at most `concurrency` in flight. An item is
 * `{type: "event", id, …}`; items whose id is null are sent without a name, so the server
 * refuses them. Network errors are recorded, not thrown.
 */
export async function sendBatches(
  baseUrl: string,
  token: string,
  batches: (string | null)[][],
  concurrency: number,
  onOutcome?: (outcome: BatchOutcome) => void,
): Promise<BatchOutcome[]> {
  const outcomes: BatchOutcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const ids = batches[next++] as (string | null)[];
      const batch = ids.map((id, index) =>
        id === null
          ? { type: "event", customData: { index: String(index) } }
          : { type: "event", name: "batch_load", id, customData: { id } },
      );
      let outcome: BatchOutcome;
      try {
        const response = await fetch(`${baseUrl}/batch`, {
          method: "POST",
          headers: { "content-type": "application/json", connection: "close" },
          body: JSON.stringify({ projectToken: token, batch }),
          signal: AbortSignal.timeout(30_000),
        });
        const text = await response.text();
        let body: unknown = text;
        try {
          body = JSON.parse(text) as unknown;
        } catch {
          // Refusals answer text; the status says enough.
        }
        outcome = { items: ids, status: response.status, body };
      } catch (error) {
        outcome = { items: ids, error: error instanceof Error ? error.message : String(error) };
      }
      outcomes.push(outcome);
      onOutcome?.(outcome);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return outcomes;
}
