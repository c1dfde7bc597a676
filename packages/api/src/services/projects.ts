import type { PrismaClient } from "@inlet/db";
import { projectNameSchema } from "@inlet/contracts";
import { generateProjectToken } from "./token-generator.ts";

export class ProjectNotFoundError extends Error {
  constructor(reference: string, detail = "no project has that id or name") {
    super(`Project "${reference}": ${detail}`);
    this.name = "ProjectNotFoundError";
  }
}

/** Creates a project together with its first token, in one transaction. */
export async function createProject(prisma: PrismaClient, name: string) {
  const validName = projectNameSchema.parse(name);
  return prisma.$transaction(async (tx) => {
    const project = await tx.project.create({
      data: { name: validName },
      select: { id: true, name: true, createdAt: true },
    });
    const token = await tx.projectToken.create({
      data: { projectId: project.id, token: generateProjectToken(), label: "Default" },
      select: { id: true, token: true, label: true },
    });
    return { project, token };
  });
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Finds a project by id, or by name when exactly one project has that name. */
export async function findProjectId(prisma: PrismaClient, reference: string): Promise<string> {
  if (UUID_PATTERN.test(reference)) {
    const byId = await prisma.project.findUnique({
      where: { id: reference },
      select: { id: true },
    });
    if (byId) return byId.id;
  }
  const byName = await prisma.project.findMany({
    where: { name: reference },
    select: { id: true },
    take: 2,
  });
  if (byName.length > 1)
    throw new ProjectNotFoundError(reference, "several projects have that name; use its id");
  const [match] = byName;
  if (!match) throw new ProjectNotFoundError(reference);
  return match.id;
}
