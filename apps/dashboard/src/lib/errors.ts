import { TRPCClientError } from "@trpc/client";
import type { AppRouter } from "@inlet/api";

type ApiError = TRPCClientError<AppRouter>;

function asApiError(error: unknown): ApiError | null {
  return error instanceof TRPCClientError ? (error as ApiError) : null;
}

export function errorCode(error: unknown): string | null {
  return asApiError(error)?.data?.code ?? null;
}

export function isUnauthorized(error: unknown): boolean {
  return errorCode(error) === "UNAUTHORIZED";
}

/** Errors that will not go away by asking again: retrying them only delays the message. */
export function isPermanent(error: unknown): boolean {
  const status = asApiError(error)?.data?.httpStatus;
  return status !== undefined && status >= 400 && status < 500;
}

export function errorMessage(error: unknown): string {
  const apiError = asApiError(error);
  if (apiError) {
    // A fetch that never reached the server reports the browser's terse wording.
    if (!apiError.data) return "Cannot reach the Inlet server. Check that it is running.";
    if (apiError.data.zodIssues?.length) return "Some fields are not valid.";
    return apiError.message;
  }
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}

export type FieldErrors = Record<string, string>;

interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
}

/** The first message per field, keyed by the dotted path, for showing next to inputs. */
export function issuesToFieldErrors(issues: readonly IssueLike[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".") || "form";
    errors[key] ??= issue.message;
  }
  return errors;
}

/** Field errors the server reported (it validates with the same schemas). */
export function serverFieldErrors(error: unknown): FieldErrors {
  const issues = asApiError(error)?.data?.zodIssues;
  return issues ? issuesToFieldErrors(issues) : {};
}
