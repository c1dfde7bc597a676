import { openDatabase } from "@inlet/db";
import { ZodError } from "zod";
import { loadConfig } from "../env.ts";
import { commands, UsageError } from "./commands.ts";

function usage(): string {
  const lines = Object.values(commands).map((command) => `  pnpm inlet ${command.usage}`);
  return `Usage:\n${lines.join("\n")}`;
}

function describe(error: unknown): string {
  if (error instanceof ZodError) {
    return error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(name ? `Unknown command "${name}".\n${usage()}` : usage());
    return 1;
  }
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    console.log(await command.run({ prisma: database.prisma, publicUrl: config.publicUrl }, args));
    return 0;
  } catch (error) {
    const hint =
      error instanceof UsageError || error instanceof TypeError
        ? `\nUsage: pnpm inlet ${command.usage}`
        : "";
    console.error(`Error: ${describe(error)}${hint}`);
    return 1;
  } finally {
    await database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`Error: ${describe(error)}`);
    process.exit(1);
  },
);
