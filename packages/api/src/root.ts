import { createCallerFactory, createTRPCRouter } from "./trpc.ts";
import { accountRouter } from "./routers/account.ts";
import { apiKeyRouter } from "./routers/api-key.ts";
import { auditRouter } from "./routers/audit.ts";
import { authRouter } from "./routers/auth.ts";
import { catalogRouter } from "./routers/catalog.ts";
import { invitationRouter } from "./routers/invitation.ts";
import { linkRouter } from "./routers/link.ts";
import { teamRouter } from "./routers/team.ts";
import { eventRouter } from "./routers/event.ts";
import { instanceRouter } from "./routers/instance.ts";
import { liveRouter } from "./routers/live.ts";
import { projectRouter } from "./routers/project.ts";
import { statsRouter } from "./routers/stats.ts";
import { suppressionRouter } from "./routers/suppression.ts";
import { tokenRouter } from "./routers/token.ts";
import { unmatchedRouter } from "./routers/unmatched.ts";
import { userRouter } from "./routers/user.ts";

export const appRouter = createTRPCRouter({
  auth: authRouter,
  account: accountRouter,
  link: linkRouter,
  invitation: invitationRouter,
  team: teamRouter,
  audit: auditRouter,
  project: projectRouter,
  token: tokenRouter,
  apiKey: apiKeyRouter,
  event: eventRouter,
  user: userRouter,
  suppression: suppressionRouter,
  stats: statsRouter,
  catalog: catalogRouter,
  live: liveRouter,
  instance: instanceRouter,
  unmatched: unmatchedRouter,
});

/** The dashboard imports this type (only the type) to call the API with full inference. */
export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
