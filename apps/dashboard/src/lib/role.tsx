import { createContext, useContext, type ReactNode } from "react";
import { roleAllows, type AdminRole } from "@inlet/contracts";

const RoleContext = createContext<AdminRole>("viewer");

/** The signed-in admin's role, as the server reported it with the session. */
export function RoleProvider({ role, children }: { role: AdminRole; children: ReactNode }) {
  return <RoleContext.Provider value={role}>{children}</RoleContext.Provider>;
}

export function useRole(): AdminRole {
  return useContext(RoleContext);
}

/**
 * Whether to offer an action at all. The server refuses it regardless (every procedure
 * checks the role); hiding it only spares the admin a button that cannot work.
 */
export function useCan(needed: AdminRole): boolean {
  return roleAllows(useRole(), needed);
}

/** Renders its children only for admins holding at least `role`. */
export function RequireRole({ role, children }: { role: AdminRole; children: ReactNode }) {
  return useCan(role) ? children : null;
}
