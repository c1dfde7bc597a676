import {
  accessLinkUrl,
  adminRoles,
  adminRoleSchema,
  CLI_ACTOR,
  createAdmin,
  createProject,
  createToken,
  emailSchema,
  findProjectId,
  issueInvitation,
  issueResetLink,
  recordAudit,
  revokeToken,
  type AdminRole,
  type AuditInput,
} from "@inlet/api";
import type { PrismaClient } from "@inlet/db";
import { parseArgs } from "node:util";
import { apiKeyCommands } from "./api-key-commands.ts";
import { UsageError } from "./usage-error.ts";

export { UsageError };

export interface CliContext {
  prisma: PrismaClient;
  /** `PUBLIC_URL`: one-time links are printed whole only when it is set. */
  publicUrl: string | undefined;
}

export interface CliCommand {
  usage: string;
  /** Returns what goes to stdout: scripts capture it, so it holds only the result. */
  run(context: CliContext, args: string[]): Promise<string>;
}

function onePositional(args: string[], what: string): string {
  const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
  const [value, extra] = positionals;
  if (!value || extra !== undefined) throw new UsageError(`expected exactly one ${what}`);
  return value;
}

/** Named options only; each listed one is required. */
function options<const Name extends string>(
  args: string[],
  required: Name[],
  optional: string[] = [],
) {
  const names = [...required, ...optional];
  const { values, positionals } = parseArgs({
    args,
    options: Object.fromEntries(names.map((name) => [name, { type: "string" as const }])),
    allowPositionals: true,
    strict: true,
  });
  const missing = required.filter((name) => !values[name]);
  if (missing.length > 0 || positionals.length > 0) {
    const list = required.map((name) => `--${name}`).join(" and ");
    throw new UsageError(`${list} ${required.length > 1 ? "are" : "is"} required`);
  }
  return values as Record<Name, string> & Record<string, string | undefined>;
}

function roleOption(value: string): AdminRole {
  const parsed = adminRoleSchema.safeParse(value);
  if (!parsed.success) throw new UsageError(`--role must be one of ${adminRoles.join(", ")}`);
  return parsed.data;
}

const audit = (prisma: PrismaClient, entry: Omit<AuditInput, "actor" | "ipAddress">) =>
  recordAudit(prisma, { ...entry, actor: CLI_ACTOR, ipAddress: null });

/** A one-time link is useless without the address; without PUBLIC_URL say so on stderr. */
function printableLink(publicUrl: string | undefined, path: string): string {
  const url = accessLinkUrl(publicUrl ?? null, path);
  if (url) return url;
  console.error(
    "Note: PUBLIC_URL is not set, so this is only the path: put Inlet's address in front of it.",
  );
  return path;
}

export const commands: Record<string, CliCommand> = {
  "create-admin": {
    usage: "create-admin --email EMAIL --password PASSWORD [--role owner|admin|viewer]",
    async run({ prisma }, args) {
      const values = options(args, ["email", "password"], ["role"]);
      const role = roleOption(values.role ?? "owner");
      const admin = await createAdmin(prisma, values, role);
      await audit(prisma, {
        action: "admin.create",
        target: { type: "admin", id: admin.id },
        summary: `created ${admin.email} as ${role}`,
        details: { email: admin.email, role },
      });
      return `created admin ${admin.email} (${role})`;
    },
  },
  invite: {
    usage: "invite --email EMAIL --role owner|admin|viewer   (prints a one-time link, 7 days)",
    async run({ prisma, publicUrl }, args) {
      const values = options(args, ["email", "role"]);
      const role = roleOption(values.role);
      const invitation = await issueInvitation(prisma, {
        email: emailSchema.parse(values.email),
        role,
        createdBy: null,
        now: new Date(),
      });
      await audit(prisma, {
        action: "invitation.create",
        target: { type: "invitation", id: invitation.id },
        summary: `invited ${invitation.email} as ${role}`,
        details: { email: invitation.email, role },
      });
      return printableLink(publicUrl, invitation.path);
    },
  },
  "reset-password": {
    usage: "reset-password --email EMAIL   (prints a one-time link, 7 days)",
    async run({ prisma, publicUrl }, args) {
      const email = emailSchema.parse(options(args, ["email"]).email);
      const admin = await prisma.admin.findUnique({ where: { email }, select: { id: true } });
      if (!admin) throw new Error(`No admin has the email ${email}`);
      const link = await issueResetLink(prisma, {
        adminId: admin.id,
        createdById: null,
        now: new Date(),
      });
      await audit(prisma, {
        action: "admin.password_reset_link",
        target: { type: "admin", id: admin.id },
        summary: `issued a password reset link for ${email}`,
        details: { email, linkId: link.id, expiresAt: link.expiresAt.toISOString() },
      });
      return printableLink(publicUrl, link.path);
    },
  },
  "create-project": {
    usage: "create-project NAME",
    async run({ prisma }, args) {
      const { project, token } = await createProject(prisma, onePositional(args, "project name"));
      await audit(prisma, {
        action: "project.create",
        target: { type: "project", id: project.id },
        summary: `created project "${project.name}"`,
        details: { name: project.name },
      });
      return token.token;
    },
  },
  "create-token": {
    usage: "create-token PROJECT   (project id or name)",
    async run({ prisma }, args) {
      const projectId = await findProjectId(prisma, onePositional(args, "project id or name"));
      const token = await createToken(prisma, projectId, "CLI");
      await audit(prisma, {
        action: "token.create",
        target: { type: "token", id: token.id },
        summary: `created a token "CLI"`,
        details: { projectId, label: token.label, tokenEnding: token.token.slice(-4) },
      });
      return token.token;
    },
  },
  "revoke-token": {
    usage: "revoke-token TOKEN",
    async run({ prisma }, args) {
      const token = onePositional(args, "token");
      const { revoked } = await revokeToken(prisma, token, new Date());
      if (revoked) {
        await audit(prisma, {
          action: "token.revoke",
          summary: "revoked a token",
          details: { tokenEnding: token.slice(-4) },
        });
      }
      return revoked ? "revoked" : "already revoked";
    },
  },
  ...apiKeyCommands,
};
