import { useEffect, useState } from "react";

type ServerState = { kind: "checking" } | { kind: "ready"; database: string } | { kind: "down" };

export function App() {
  const [state, setState] = useState<ServerState>({ kind: "checking" });

  useEffect(() => {
    const controller = new AbortController();
    fetch("/ready", { signal: controller.signal })
      .then(async (response) => {
        const body = (await response.json()) as { database?: string };
        setState(response.ok ? { kind: "ready", database: body.database ?? "" } : { kind: "down" });
      })
      .catch(() => {
        if (!controller.signal.aborted) setState({ kind: "down" });
      });
    return () => controller.abort();
  }, []);

  return (
    <main className="shell">
      <h1>Inlet</h1>
      <p className="tagline">Event ingestion you can watch live.</p>
      <p role="status" className={`status status-${state.kind}`}>
        {state.kind === "checking" && "Checking the server…"}
        {state.kind === "ready" && `Server ready (${state.database})`}
        {state.kind === "down" && "The server cannot reach its database right now."}
      </p>
    </main>
  );
}
