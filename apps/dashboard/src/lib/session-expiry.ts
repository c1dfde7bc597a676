// Any query or mutation can discover that the session ended (it expired, or the admin
// signed out elsewhere) or that the admin's role changed. They report it here; the auth
// gate listens, and moves to sign-in or re-reads the session.

const EXPIRED = "inlet:session-expired";
const ACCESS_CHANGED = "inlet:access-changed";

export function reportSessionExpired(): void {
  window.dispatchEvent(new Event(EXPIRED));
}

export function onSessionExpired(listener: () => void): () => void {
  window.addEventListener(EXPIRED, listener);
  return () => window.removeEventListener(EXPIRED, listener);
}

/** A FORBIDDEN answer usually means an owner changed this admin's role meanwhile. */
export function reportAccessChanged(): void {
  window.dispatchEvent(new Event(ACCESS_CHANGED));
}

export function onAccessChanged(listener: () => void): () => void {
  window.addEventListener(ACCESS_CHANGED, listener);
  return () => window.removeEventListener(ACCESS_CHANGED, listener);
}
