import { randomBytes } from "node:crypto";
import type { Database } from "@inlet/db";

/**
 * A trigger on `table` keyed by the text column `column`: writing a row whose value is the
 * returned `slow` takes 300 ms (holding its commit open, so the requests sent meanwhile
 * gather behind it), writing one whose value is `poison` fails. The slow row needs real
 * Postgres: PGlite's pg_sleep does not hold a commit open.
 */
export async function installSaboteur(
  database: Database,
  { table, column, on }: { table: string; column: string; on: "INSERT" | "INSERT OR UPDATE" },
) {
  const marker = `sabotage_${randomBytes(4).toString("hex")}`;
  await database.prisma.$executeRawUnsafe(`
    CREATE FUNCTION ${marker}() RETURNS trigger AS $$
    BEGIN
      IF NEW.${column} = '${marker}-slow' THEN PERFORM pg_sleep(0.3); END IF;
      IF NEW.${column} = '${marker}-poison' THEN RAISE EXCEPTION 'refused by test'; END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`);
  await database.prisma.$executeRawUnsafe(
    `CREATE TRIGGER ${marker} BEFORE ${on} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${marker}()`,
  );
  return {
    slow: `${marker}-slow`,
    poison: `${marker}-poison`,
    remove: async () => {
      await database.prisma.$executeRawUnsafe(`DROP TRIGGER ${marker} ON ${table}`);
      await database.prisma.$executeRawUnsafe(`DROP FUNCTION ${marker}()`);
    },
  };
}
