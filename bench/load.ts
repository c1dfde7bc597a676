import autocannon from "autocannon";
import { batchBody, connectionPlan, eventBody, type TrafficShape } from "./traffic.ts";

export interface LoadSettings {
  connections: number;
  durationS: number;
  /** Requests per second in all; 0 for as fast as answers come. */
  ratePerSecond: number;
}

export interface LoadResult {
  /** Events accepted per second of the run: 2xx answers, or a batch's accepted items. */
  eventsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
  /** Events accepted (one per 2xx answer, or the `accepted` of each batch answered 2xx). */
  ok: number;
  /** Requests answered 2xx. */
  requestsOk: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /** Connection errors, timeouts included. */
  errors: number;
  /** Requests written but unanswered when autocannon stopped (their connections were cut). */
  unanswered: number;
  /** Events those requests carried: each may have been stored without its answer. */
  unansweredEvents: number;
  durationS: number;
  /** Accepted events per marker (contextId): one marker per connection and token. */
  acked: Map<string, number>;
}

export const USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

/** A browser that allows no cookies: the sender of the anonymous phases and of Live's. */
export const BROWSER_HEADERS = {
  "content-type": "application/json",
  "allow-cookies": "false",
  "user-agent": USER_AGENT,
};

/**
 * A backend, as the node SDK sends: no User-Agent, `V-SDK: node`. Identified traffic is
 * mostly sent this way, for thousands of users from one address, and Inlet never links
 * a server's cookieless visitor to them (decision 004); the database-only run's identified
 * jobs are stored the same way. A browser agent here would make every identified event
 * relink the one visitor all these users share.
 */
export const BACKEND_HEADERS = { "content-type": "application/json", "v-sdk": "node" };

/** Who sends a shape: anonymous events a browser, everything that names users a backend. */
const sender = (shape: TrafficShape, batchSize?: number) =>
  shape === "anonymous" && !batchSize ? BROWSER_HEADERS : BACKEND_HEADERS;

/**
 * Autocannon at full speed against POST /e with the seed's "purchase" body in the given
 * shape. Each connection rotates through the tokens (and its slice of the users); its bodies
 * carry the marker `c<connection>t<token>`, so the stored rows can be matched to the 2xx
 * answers per marker. The bodies are built before the run (a per-request rebuild would
 * double the load generator's CPU cost on a machine it shares with the server).
 */
export async function runLoad(
  baseUrl: string,
  tokens: string[],
  settings: LoadSettings,
  shape: TrafficShape = "anonymous",
  /** Events per `POST /batch` request; without it, one `POST /e` per event. */
  batchSize?: number,
): Promise<LoadResult> {
  const acked = new Map<string, number>();
  let accepted = 0;
  const ack = (marker: string, events: number) => {
    acked.set(marker, (acked.get(marker) ?? 0) + events);
    accepted += events;
  };
  let connections = 0;
  const requestsOf = (connection: number): autocannon.Request[] =>
    connectionPlan(shape, connection, settings.connections, tokens.length).map(
      ({ kind, user }, i) => {
        const index = i % tokens.length;
        const token = tokens[index] ?? "";
        const marker = `c${connection}t${index}`;
        if (batchSize)
          return {
            method: "POST",
            path: "/batch",
            body: batchBody(token, "purchase", marker, batchSize),
            onResponse: (status, body) => {
              if (status >= 200 && status < 300)
                ack(marker, (JSON.parse(body) as { accepted: number }).accepted);
            },
          };
        return {
          method: "POST",
          path: "/e",
          body: eventBody(token, "purchase", marker, kind, user),
          onResponse: (status) => {
            if (status >= 200 && status < 300) ack(marker, 1);
          },
        };
      },
    );
  const result = await autocannon({
    url: baseUrl,
    connections: settings.connections,
    duration: settings.durationS,
    ...(settings.ratePerSecond > 0 && { overallRate: settings.ratePerSecond }),
    method: "POST",
    headers: sender(shape, batchSize),
    setupClient: (client) => client.setRequests(requestsOf(connections++)),
  });
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, stat.count ?? 0]),
  );
  const ok = result["2xx"];
  return {
    eventsPerSecond: accepted / result.duration,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    ok: accepted,
    requestsOk: ok,
    non2xx: result.non2xx,
    statusCodes,
    errors: result.errors,
    unanswered: Math.max(0, result.requests.sent - ok - result.non2xx),
    unansweredEvents: Math.max(0, result.requests.sent - ok - result.non2xx) * (batchSize ?? 1),
    durationS: result.duration,
    acked,
  };
}
