// Any query or mutation can discover that the session ended (it expired, or the admin
// signed out elsewhere). They report it here; the auth gate listens and moves to sign-in.

const EVENT = "inlet:session-expired";

export function reportSessionExpired(): void {
  window.dispatchEvent(new Event(EVENT));
}

export function onSessionExpired(listener: () => void): () => void {
  window.addEventListener(EVENT, listener);
  return () => window.removeEventListener(EVENT, listener);
}
