/** A project token as the hint needs it: its text, its state, and its project's name. */
export interface KnownToken {
  token: string;
  state: "active" | "revoked" | "expired";
  projectName: string;
}

// Most characters a typo may change (insert, delete, replace or swap) for a hint to name
// the token it was probably meant to be: a 32-character token differs from any other in
// about 30 places, so two edits cannot point at the wrong one.
const MAX_TYPO_EDITS = 2;

/**
 * Edit distance (adjacent swaps count as one edit), abandoned as soon as it must exceed
 * `limit`, so comparing against every token costs little when none is close.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, (beforePrevious[j - 2] ?? 0) + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Why a token matched nothing usable, in words an admin can act on; null when unclear. */
export function tokenHint(token: string | null, known: readonly KnownToken[]): string | null {
  if (!token) return null;
  const exact = known.find((candidate) => candidate.token === token);
  if (exact && exact.state !== "active")
    return `This is a ${exact.state} token of project “${exact.projectName}”: use its current token.`;
  let best: { candidate: KnownToken; distance: number } | null = null;
  for (const candidate of known) {
    if (candidate.state !== "active") continue;
    const distance = editDistance(token, candidate.token, MAX_TYPO_EDITS);
    if (distance <= MAX_TYPO_EDITS && (!best || distance < best.distance))
      best = { candidate, distance };
  }
  if (!best) return null;
  const edits = best.distance === 1 ? "1 character" : `${best.distance} characters`;
  return `Differs by ${edits} from a token of project “${best.candidate.projectName}”: check for a typo.`;
}

/** Enough of a token to recognise it, not enough to use it. */
export function maskToken(token: string): string {
  if (token.length <= 8) return "•".repeat(token.length);
  return `${token.slice(0, 7)}…${token.slice(-3)}`;
}

const TOKEN_LIKE = /proj_[A-Za-z0-9]{4,}/g;

/** The body excerpt with the sent token, and anything shaped like a token, masked. */
export function maskExcerpt(excerpt: string, token: string | null): string {
  const withoutToken = token ? excerpt.split(token).join(maskToken(token)) : excerpt;
  return withoutToken.replace(TOKEN_LIKE, (match) => maskToken(match));
}
