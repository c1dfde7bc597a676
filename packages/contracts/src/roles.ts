import { z } from "zod";

/** Instance-wide roles, strongest first. */
export const adminRoles = ["owner", "admin", "viewer"] as const;
export const adminRoleSchema = z.enum(adminRoles);
export type AdminRole = z.infer<typeof adminRoleSchema>;

const RANK: Record<AdminRole, number> = { viewer: 0, admin: 1, owner: 2 };

/** Whether someone holding `held` may do what needs `needed`. */
export function roleAllows(held: AdminRole, needed: AdminRole): boolean {
  return RANK[held] >= RANK[needed];
}

/** Admins may invite up to their own role; only owners grant ownership. */
export function mayGrant(actor: AdminRole, granted: AdminRole): boolean {
  return roleAllows(actor, granted);
}
