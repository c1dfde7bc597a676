import { z } from "zod";

// Shared by the tRPC inputs and the dashboard's forms, so both refuse the same things.

export const idSchema = z.uuid();

export const projectNameSchema = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(100, "At most 100 characters");

export const tokenLabelSchema = z.string().trim().max(100, "At most 100 characters");

export const originSchema = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "https:" || url.protocol === "http:") && url.origin === value;
    } catch {
      return false;
    }
  }, "An origin looks like https://shop.example.com (scheme, host, optional port, no path)");

export const projectSettingsSchema = z.object({
  allowedOrigins: z.array(originSchema).max(100),
  filterBots: z.boolean(),
});

/** Days a project keeps its events after receiving them; null keeps them forever. */
export const retentionDaysSchema = z
  .number("Enter a whole number of days")
  .int("Enter a whole number of days")
  .min(1, "At least 1 day")
  .max(3650, "At most 3650 days (about ten years)")
  .nullable();

export const emailSchema = z
  .email("Enter a valid email address")
  .max(254)
  .transform((email) => email.toLowerCase());

export const passwordSchema = z
  .string()
  .min(10, "At least 10 characters")
  .max(200, "At most 200 characters");

export const credentialsSchema = z.object({ email: emailSchema, password: passwordSchema });

/** The secret of a one-time link (43 base64url characters when Inlet made it). */
export const linkTokenSchema = z.string().min(20).max(100);

/** Grace periods offered when rotating a token: the old one works until it ends. */
export const rotationGraceSchema = z
  .number()
  .int()
  .min(0)
  .max(30 * 24 * 3600);

// Every action the log records, so the dashboard can offer them as a filter.
export const auditActions = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.sign_out",
  "invitation.create",
  "invitation.revoke",
  "invitation.accept",
  "admin.create",
  "admin.role_change",
  "admin.remove",
  "admin.password_reset_link",
  "admin.password_reset",
  "account.password_change",
  "account.session_end",
  "project.create",
  "project.rename",
  "project.settings",
  "project.retention",
  "project.delete",
  "token.create",
  "token.rotate",
  "token.revoke",
  "key.create",
  "key.revoke",
  "user.delete",
  "suppression.remove",
  "audit.export",
] as const;
export type AuditAction = (typeof auditActions)[number];
