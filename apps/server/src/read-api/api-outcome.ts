import type { Readable } from "node:stream";
import type { FastifyReply } from "fastify";

/**
 * What one /api/v1 request came to. Handlers only return these; `sendOutcome` is the one
 * place that turns them into a reply, so every error has the same JSON shape.
 */
export type ApiOutcome = ApiJson | ApiAccepted | ApiError | ApiStream;

export interface ApiJson {
  kind: "json";
  body: unknown;
}

/** Work begun but not finished: `202`, with `Location` where a program follows it. */
export interface ApiAccepted {
  kind: "accepted";
  location: string;
  body: unknown;
}

/** Errors name their reason: `{"error": {"status": 403, "reason": "…"}}`. */
export interface ApiError {
  kind: "error";
  status: number;
  reason: string;
  retryAfterSeconds: number | null;
}

/** A download produced while it is sent: nothing waits for the whole body. */
export interface ApiStream {
  kind: "stream";
  contentType: string;
  filename: string;
  body: Readable;
}

export const json = (body: unknown): ApiJson => ({ kind: "json", body });

export const accepted = (location: string, body: unknown): ApiAccepted => ({
  kind: "accepted",
  location,
  body,
});

export const apiError = (
  status: number,
  reason: string,
  retryAfterSeconds: number | null = null,
): ApiError => Object.freeze({ kind: "error", status, reason, retryAfterSeconds });

export const NOT_FOUND_ROUTE = apiError(404, "no such API route");
export const DATABASE_UNAVAILABLE = apiError(503, "database unavailable; retry", 1);

/** A header carries printable ASCII only; reasons may quote what the client sent. */
const headerSafe = (text: string): string => text.replace(/[^\x20-\x7e]/g, "?").slice(0, 300);

export function sendOutcome(reply: FastifyReply, outcome: ApiOutcome): FastifyReply {
  // Answers hold project data: no cache along the way may keep a copy.
  reply.header("cache-control", "no-store");
  switch (outcome.kind) {
    case "json":
      return reply.code(200).send(outcome.body);
    case "accepted":
      return reply.code(202).header("location", outcome.location).send(outcome.body);
    case "error": {
      if (outcome.retryAfterSeconds !== null)
        reply.header("retry-after", String(outcome.retryAfterSeconds));
      return reply
        .code(outcome.status)
        .header("x-inlet-reason", headerSafe(outcome.reason))
        .send({ error: { status: outcome.status, reason: outcome.reason } });
    }
    case "stream":
      return reply
        .code(200)
        .header("content-type", outcome.contentType)
        .header("content-disposition", `attachment; filename="${outcome.filename}"`)
        .send(outcome.body);
  }
}
