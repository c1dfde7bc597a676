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

export const credentialsSchema = z.object({
  email: z
    .email("Enter a valid email address")
    .max(254)
    .transform((email) => email.toLowerCase()),
  password: z.string().min(10, "At least 10 characters").max(200, "At most 200 characters"),
});

/** Grace periods offered when rotating a token: the old one works until it ends. */
export const rotationGraceSchema = z
  .number()
  .int()
  .min(0)
  .max(30 * 24 * 3600);
