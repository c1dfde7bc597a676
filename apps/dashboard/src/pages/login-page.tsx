import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { useSearch } from "wouter";
import { Field } from "../components/field.tsx";
import { FormError } from "../components/state-views.tsx";
import { errorMessage, issuesToFieldErrors, type FieldErrors } from "../lib/errors.ts";
import { credentialsSchema } from "@inlet/contracts";
import { useTRPC } from "../lib/trpc.ts";
import { AuthLayout } from "./auth-pages.tsx";

export function LoginPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const expired = new URLSearchParams(useSearch()).has("expired");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const passwordInput = useRef<HTMLInputElement>(null);
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      meta: { handlesUnauthorized: true },
      // The gate sees the new session and sends the admin on to where they were going.
      onSuccess: () => queryClient.invalidateQueries(trpc.auth.session.queryFilter()),
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    // Only the shape is checked here: a password set under older rules must still sign in.
    const parsed = credentialsSchema.pick({ email: true }).safeParse({ email });
    const fieldErrors = parsed.success ? {} : issuesToFieldErrors(parsed.error.issues);
    if (!password) fieldErrors.password = "Enter your password";
    setErrors(fieldErrors);
    if (parsed.success && password)
      login.mutate(
        { email: parsed.data.email, password },
        {
          // The disabled button lost focus while waiting; put it where the retry starts.
          onError: () => {
            passwordInput.current?.focus();
            passwordInput.current?.select();
          },
        },
      );
  };

  return (
    <AuthLayout title="Sign in">
      {expired && (
        <p className="notice notice-info" role="status">
          Your session has ended. Sign in again to continue where you were.
        </p>
      )}
      <form className="stack" onSubmit={submit} noValidate>
        <Field
          label="Email"
          type="email"
          autoComplete="username"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={errors.email}
          autoFocus
        />
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          ref={passwordInput}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={errors.password}
        />
        <FormError message={login.isError ? errorMessage(login.error) : null} />
        <button type="submit" className="button button-primary" disabled={login.isPending}>
          {login.isPending ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </AuthLayout>
  );
}
