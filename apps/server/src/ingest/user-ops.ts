import type { JsonValue, UserDataOps } from "@inlet/ingest";

type KeyAction = { kind: "set" | "setOnce"; value: JsonValue } | { kind: "unset" };

function actionsOf(ops: UserDataOps): Map<string, KeyAction> {
  // Within one operation Postgres applies setOnce, then set, then unset.
  const actions = new Map<string, KeyAction>();
  for (const [key, value] of Object.entries(ops.setOnce))
    actions.set(key, { kind: "setOnce", value });
  for (const [key, value] of Object.entries(ops.set)) actions.set(key, { kind: "set", value });
  for (const key of ops.unset) actions.set(key, { kind: "unset" });
  return actions;
}

function composeAction(first: KeyAction | undefined, then: KeyAction): KeyAction {
  if (then.kind !== "setOnce" || !first) return then;
  if (first.kind === "unset") return { kind: "set", value: then.value }; // the key is gone, so it fills
  return first; // set or setOnce earlier already decided the value
}

/**
 * Folds property operations applied one after another into one equivalent operation,
 * so a batch can update each user with a single statement and still honour their order.
 */
export function composeUserOps(sequence: UserDataOps[]): UserDataOps {
  const merged = new Map<string, KeyAction>();
  for (const ops of sequence) {
    for (const [key, action] of actionsOf(ops))
      merged.set(key, composeAction(merged.get(key), action));
  }
  const result: UserDataOps = { set: {}, setOnce: {}, unset: [] };
  for (const [key, action] of merged) {
    if (action.kind === "unset") result.unset.push(key);
    else result[action.kind][key] = action.value;
  }
  return result;
}

/**
 * The properties `stored` become under `ops`, as the store's jsonb applies them: stored keys
 * win over setOnce, set wins over both, unset comes last.
 */
export function applyUserOps(
  stored: Record<string, JsonValue>,
  ops: UserDataOps,
): Record<string, JsonValue> {
  const properties = { ...ops.setOnce, ...stored, ...ops.set };
  for (const key of ops.unset) delete properties[key];
  return properties;
}
