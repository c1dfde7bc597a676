export * from "./services/admins.ts";
export * from "./services/projects.ts";
export * from "./services/tokens.ts";
export * from "./services/api-keys.ts";
export { hashPassword, verifyPassword } from "./services/passwords.ts";
export { generateProjectToken, PROJECT_TOKEN_PATTERN } from "./services/token-generator.ts";
export { findSessionAdmin, SESSION_COOKIE, type SessionAdmin } from "./services/sessions.ts";
export * from "./services/access-links.ts";
export * from "./services/audit.ts";
export * from "./services/event-retention.ts";
export * from "./services/team.ts";
// The CLI validates its arguments with the same schemas as the API.
export {
  adminRoles,
  adminRoleSchema,
  emailSchema,
  roleAllows,
  type AdminRole,
} from "@inlet/contracts";
export { SessionWatch } from "./access/session-watch.ts";
export { appRouter, createCaller, type AppRouter } from "./root.ts";
export {
  createInnerContext,
  type ApiDependencies,
  type AttemptLimiter,
  type Context,
  type InstanceInfo,
  type RequestInfo,
} from "./context.ts";
export { LiveFeed, type LiveEntry, type LiveFeedFilter } from "./live/live-feed.ts";
// User deletion, for every surface that deletes (tRPC here, the REST API in the server).
export {
  requestUserDeletion,
  userDeletionStatus,
  type DeletionDependencies,
  type UserDeletionInput,
  type UserDeletionRequest,
  type UserDeletionStatus,
} from "./deletion/user-deletion.ts";
export {
  runDeletionStep,
  DELETION_SETTLE_MS,
  type DeletionStepOptions,
} from "./deletion/deletion-worker.ts";
export { identifierHasher, type IdentifierHasher } from "./deletion/identifier-hash.ts";
export { loadSuppressedHashes } from "./deletion/suppression.ts";
