import { apiKeyActor, requestUserDeletion, userDeletionStatus } from "@inlet/api";
import { accepted, apiError, json } from "./api-outcome.ts";
import type { ApiHandler } from "./read-api-routes.ts";

const UNKNOWN_USER = apiError(404, "no user with this identifier in the key's project");
const UNKNOWN_DELETION = apiError(404, "no deletion with this id in the key's project");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Relative to the server: behind a proxy only the client knows the address it used.
const statusPath = (deletionId: string) => `/api/v1/deletions/${deletionId}`;

/**
 * `DELETE /api/v1/users/{identifier}`: the user goes at once and the identifier is
 * suppressed; their events go in the background, so the answer is 202 and where to follow it.
 */
export const deleteUser: ApiHandler = async ({ primary, live, now }, key, request) => {
  const { identifier } = request.params as { identifier: string };
  const deletion = await requestUserDeletion(
    { prisma: primary, live, now: () => new Date(now()) },
    {
      projectId: key.projectId,
      identifier,
      actor: apiKeyActor(key.prefix),
      ipAddress: request.ip,
    },
  );
  if (!deletion.found) return UNKNOWN_USER;
  const statusUrl = statusPath(deletion.deletionId);
  return accepted(statusUrl, { deletionId: deletion.deletionId, status: "in_progress", statusUrl });
};

/**
 * `GET /api/v1/deletions/{deletionId}`: how far a deletion of the key's project has come.
 * Read from the primary, so a status URL just handed out never lags behind on a replica.
 */
export const deletionStatus: ApiHandler = async ({ primary }, key, request) => {
  const { deletionId } = request.params as { deletionId: string };
  // Not a deletion id at all: the database would refuse the query, so answer here.
  if (!UUID.test(deletionId)) return UNKNOWN_DELETION;
  const status = await userDeletionStatus(primary, deletionId);
  if (status?.projectId !== key.projectId) return UNKNOWN_DELETION;
  return json({
    deletionId: status.id,
    status: status.done ? "done" : "in_progress",
    phase: status.phase,
    eventsTotal: status.eventsTotal,
    eventsDeleted: status.eventsDeleted,
    requestedAt: status.requestedAt,
    finishedAt: status.finishedAt,
  });
};
