import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Field } from "../components/field.tsx";
import { NewPasswordFields } from "../components/new-password-fields.tsx";
import { FormError } from "../components/state-views.tsx";
import {
  errorCode,
  errorMessage,
  issuesToFieldErrors,
  serverFieldErrors,
  type FieldErrors,
} from "../lib/errors.ts";
import { credentialsSchema } from "@inlet/contracts";
import { useTRPC } from "../lib/trpc.ts";
import { AuthLayout } from "./auth-pages.tsx";

/** First run: the install has no admin yet, so whoever opens it first creates one. */
export function SetupPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const bootstrap = useMutation(
    trpc.auth.bootstrap.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.auth.session.queryFilter()),
      onError: (error) => {
        setErrors(serverFieldErrors(error));
        // Someone else finished setup meanwhile: the gate will offer sign-in instead.
        if (errorCode(error) === "FORBIDDEN")
          void queryClient.invalidateQueries(trpc.auth.session.queryFilter());
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = credentialsSchema.safeParse({ email, password });
    const fieldErrors = parsed.success ? {} : issuesToFieldErrors(parsed.error.issues);
    if (password !== confirm) fieldErrors.confirm = "The passwords do not match";
    setErrors(fieldErrors);
    if (parsed.success && Object.keys(fieldErrors).length === 0) bootstrap.mutate(parsed.data);
  };

  return (
    <AuthLayout
      title="Set up Inlet"
      intro={
        <p>
          Create the first admin account. It can create projects, hand out tokens and watch events
          arrive.
        </p>
      }
    >
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
        <NewPasswordFields
          password={password}
          confirm={confirm}
          onPassword={setPassword}
          onConfirm={setConfirm}
          errors={errors}
        />
        <FormError message={bootstrap.isError ? errorMessage(bootstrap.error) : null} />
        <button type="submit" className="button button-primary" disabled={bootstrap.isPending}>
          {bootstrap.isPending ? "Creating account…" : "Create admin account"}
        </button>
      </form>
    </AuthLayout>
  );
}
