import { CLI_ACTOR, createApiKey, findProjectId, recordAudit, revokeApiKey } from "@inlet/api";
import { apiKeyGrantSchema } from "@inlet/contracts";
import { parseArgs } from "node:util";
import type { CliCommand } from "./commands.ts";
import { UsageError } from "./usage-error.ts";

export const apiKeyCommands: Record<string, CliCommand> = {
  "create-api-key": {
    usage:
      "create-api-key PROJECT [--scope read|read,delete] [--label LABEL]   (prints the key once)",
    async run({ prisma }, args) {
      const { values, positionals } = parseArgs({
        args,
        options: { scope: { type: "string" }, label: { type: "string" } },
        allowPositionals: true,
        strict: true,
      });
      const [project, extra] = positionals;
      if (!project || extra !== undefined) throw new UsageError("expected exactly one project");
      const grant = apiKeyGrantSchema.safeParse(values.scope ?? "read");
      if (!grant.success) throw new UsageError("--scope must be read or read,delete");
      const projectId = await findProjectId(prisma, project);
      const key = await createApiKey(prisma, {
        projectId,
        label: values.label ?? "CLI",
        grant: grant.data,
        now: new Date(),
      });
      await recordAudit(prisma, {
        actor: CLI_ACTOR,
        ipAddress: null,
        action: "api_key.create",
        target: { type: "api_key", id: key.id },
        summary: `created an API key "${key.label}" (${grant.data})`,
        details: { projectId, label: key.label, prefix: key.prefix, scopes: key.scopes },
      });
      console.error(`Created key ${key.id} (${key.prefix}…). Store it now: it is not shown again.`);
      return key.key;
    },
  },
  "revoke-api-key": {
    usage: "revoke-api-key KEY_ID_OR_PREFIX   (the id, or the sk_… prefix the dashboard shows)",
    async run({ prisma }, args) {
      const { positionals } = parseArgs({ args, allowPositionals: true, strict: true });
      const [named, extra] = positionals;
      if (!named || extra !== undefined) throw new UsageError("expected one key id or prefix");
      // A whole key pasted by mistake still names its key; only its prefix is looked up.
      const idOrPrefix = named.startsWith("sk_") ? named.slice(0, 11) : named;
      const { key, revoked } = await revokeApiKey(prisma, idOrPrefix, new Date());
      if (revoked) {
        await recordAudit(prisma, {
          actor: CLI_ACTOR,
          ipAddress: null,
          action: "api_key.revoke",
          target: { type: "api_key", id: key.id },
          summary: `revoked an API key "${key.label}" (${key.prefix}…)`,
          details: { projectId: key.projectId, label: key.label, prefix: key.prefix },
        });
      }
      return revoked
        ? `revoked ${key.prefix}… in project "${key.project.name}"`
        : "already revoked";
    },
  },
};
