import type { Database } from "@inlet/db";

/**
 * Every table (with its row count) that has a row whose text mentions `needle` anywhere:
 * how the deletion tests prove a user is gone from the whole database.
 */
export async function tablesMentioning(
  database: Pick<Database, "prisma">,
  needle: string,
): Promise<Record<string, number>> {
  const tables = await database.prisma.$queryRaw<{ table_name: string }[]>`
    SELECT table_name::text AS table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
  const found: Record<string, number> = {};
  for (const { table_name } of tables) {
    const [row] = await database.prisma.$queryRawUnsafe<{ count: bigint }[]>(
      `SELECT count(*) AS count FROM "${table_name}" t WHERE strpos(t::text, $1) > 0`,
      needle,
    );
    if (row && row.count > 0n) found[table_name] = Number(row.count);
  }
  return found;
}
