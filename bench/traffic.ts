// The request bodies of each load phase: the seed's own examples as written, anonymous,
// identified and with user properties, and a mix of them as a real backend sends (who
// sends each shape, a browser or a backend, is in load.ts).

/** Distinct users the identified shapes rotate over. */
export const USER_COUNT = 10_000;

export type TrafficShape = "anonymous" | "identified" | "userData" | "mix";

const CUSTOM_DATA = { plan: "pro", amount: "99.99", currency: "USD" };

/** The n-th bench user as every request names it: events, `/i` and `/u` agree. */
export const benchUser = (n: number) => ({ identifier: `user-${n}`, displayName: `User ${n}` });

/** One POST /e body; `marker` (stored as contextId) ties the stored rows to the 2xx answers. */
type BodyKind = Exclude<TrafficShape, "mix">;

export function eventBody(
  token: string,
  name: string,
  marker: string,
  kind: BodyKind = "anonymous",
  user = 0,
): string {
  return JSON.stringify({
    projectToken: token,
    name,
    contextId: marker,
    ...(kind === "anonymous" ? {} : benchUser(user)),
    customData: CUSTOM_DATA,
    ...(kind === "userData" && {
      userData: { set: { plan: "pro" }, setOnce: { firstPlan: "pro" }, unset: ["trial"] },
    }),
  });
}

// Ten slots of the mix: 5 identified, 4 anonymous, 1 with user properties.
const MIX: BodyKind[] = [
  "identified",
  "anonymous",
  "identified",
  "anonymous",
  "identified",
  "anonymous",
  "identified",
  "userData",
  "identified",
  "anonymous",
];

/**
 * The kinds and users of one connection's bodies, at least `minimum` of them (one per token).
 * Connections take disjoint slices of the users, so together they rotate over USER_COUNT.
 */
export function connectionPlan(
  shape: TrafficShape,
  connection: number,
  connections: number,
  minimum: number,
): { kind: BodyKind; user: number }[] {
  const perConnection = shape === "anonymous" ? 1 : Math.ceil(USER_COUNT / connections);
  return Array.from({ length: Math.max(minimum, perConnection) }, (_, i) => ({
    kind: shape === "mix" ? (MIX[i % MIX.length] ?? "anonymous") : shape,
    user: (connection * perConnection + i) % USER_COUNT,
  }));
}

/**
 * A `POST /batch` envelope of `size` anonymous purchase events, each carrying `marker`, as
 * a backend forwarding its queue sends them.
 */
export function batchBody(token: string, name: string, marker: string, size: number): string {
  const item = { type: "event", name, contextId: marker, customData: CUSTOM_DATA };
  return JSON.stringify({ projectToken: token, batch: Array.from({ length: size }, () => item) });
}
