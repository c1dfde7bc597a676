import { useState } from "react";

type Outcome =
  | { state: "idle" }
  | { state: "sending" }
  | { state: "sent" }
  | { state: "dropped"; reason: string }
  | { state: "failed"; message: string };

/** Sends one event exactly as an app would (POST /e with the token), not through the admin API. */
export function SendTestEvent({ token }: { token: string }) {
  const [outcome, setOutcome] = useState<Outcome>({ state: "idle" });

  const send = async () => {
    setOutcome({ state: "sending" });
    try {
      const response = await fetch("/e", {
        method: "POST",
        // An app has no dashboard session; the event must not depend on one.
        credentials: "omit",
        headers: { "Content-Type": "application/json", "Allow-Cookies": "false" },
        body: JSON.stringify({
          projectToken: token,
          name: "test_event",
          url: window.location.href,
          customData: { source: "Inlet onboarding", sentAt: new Date().toISOString() },
        }),
      });
      // A 200 with X-Inlet-Dropped was acknowledged but not stored (a bot, a prefetch).
      const dropped = response.headers.get("x-inlet-dropped");
      if (response.ok && dropped) {
        const reason = response.headers.get("x-inlet-reason") ?? dropped;
        setOutcome({ state: "dropped", reason });
        return;
      }
      if (response.ok) {
        setOutcome({ state: "sent" });
        return;
      }
      const reason = response.headers.get("x-inlet-reason") ?? response.statusText;
      setOutcome({ state: "failed", message: `Refused with ${response.status}: ${reason}` });
    } catch {
      setOutcome({ state: "failed", message: "The request did not reach the server." });
    }
  };

  return (
    <div className="test-event">
      <button
        type="button"
        className="button button-primary"
        onClick={() => void send()}
        disabled={outcome.state === "sending"}
      >
        {outcome.state === "sending" ? "Sending…" : "Send test event"}
      </button>
      <div aria-live="polite" className="test-event-result">
        {outcome.state === "sent" && (
          <p className="notice notice-success">
            Sent a <code>test_event</code>: it appears below as it arrives.
          </p>
        )}
        {outcome.state === "dropped" && (
          <p className="notice notice-warning" role="alert">
            The test event was answered but not stored: {outcome.reason}. Turn off bot filtering in
            Settings if this browser should count.
          </p>
        )}
        {outcome.state === "failed" && (
          <p className="notice notice-error" role="alert">
            {outcome.message}
          </p>
        )}
      </div>
    </div>
  );
}
