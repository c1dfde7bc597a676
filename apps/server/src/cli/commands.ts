import { createAdmin, createProject, createToken, findProjectId, revokeToken } from "@inlet/api";
import type { PrismaClient } from "@inlet/db";
import { parseArgs } from "node:util";

export class UsageError extends Error {
  override name = "UsageError";
}

export interface CliCommand {
  usage: string;
  /** Returns what goes to stdout: scripts capture it, so it holds only the result. */
  run(prisma: PrismaClient, args: string[]): Promise<string>;
}

function onePositional(args: string[], what: string): string {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  const [value, extra] = positionals;
  if (!value || extra !== undefined) throw new UsageError(`expected exactly one ${what}`);
  return value;
}

export const commands: Record<string, CliCommand> = {
  "create-admin": {
    usage: "create-admin --email EMAIL --password PASSWORD",
    async run(prisma, args) {
      const { values, positionals } = parseArgs({
        args,
        options: { email: { type: "string" }, password: { type: "string" } },
        allowPositionals: true,
        strict: true,
      });
      if (!values.email || !values.password || positionals.length > 0) {
        throw new UsageError("--email and --password are required");
      }
      const admin = await createAdmin(prisma, { email: values.email, password: values.password });
      return `created admin ${admin.email}`;
    },
  },
  "create-project": {
    usage: "create-project NAME",
    async run(prisma, args) {
      const { token } = await createProject(prisma, onePositional(args, "project name"));
      return token.token;
    },
  },
  "create-token": {
    usage: "create-token PROJECT   (project id or name)",
    async run(prisma, args) {
      const projectId = await findProjectId(prisma, onePositional(args, "project id or name"));
      return (await createToken(prisma, projectId, "CLI")).token;
    },
  },
  "revoke-token": {
    usage: "revoke-token TOKEN",
    async run(prisma, args) {
      const { revoked } = await revokeToken(prisma, onePositional(args, "token"), new Date());
      return revoked ? "revoked" : "already revoked";
    },
  },
};
