import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useLocation } from "wouter";
import { NewPasswordFields } from "../components/new-password-fields.tsx";
import { ErrorState, FormError, LoadingState } from "../components/state-views.tsx";
import { errorMessage, type FieldErrors } from "../lib/errors.ts";
import { formatDateTime } from "../lib/format.ts";
import { passwordSchema } from "@inlet/contracts";
import { useTRPC } from "../lib/trpc.ts";
import { AuthLayout } from "./auth-pages.tsx";

type Kind = "invitation" | "password_reset";

const TEXT: Record<Kind, { title: string; button: string; busy: string }> = {
  invitation: { title: "Join Inlet", button: "Create account", busy: "Creating account…" },
  password_reset: { title: "Choose a new password", button: "Set password", busy: "Saving…" },
};

/**
 * Where one-time links lead. The secret is in the fragment (never sent with a page
 * request); it goes to the server only inside the API calls below.
 */
export function AccessLinkPage({ kind }: { kind: Kind }) {
  const trpc = useTRPC();
  const [token] = useState(() => window.location.hash.slice(1));
  const link = useQuery({
    ...trpc.link.inspect.queryOptions({ token }),
    enabled: token.length > 0,
    retry: false,
  });
  const text = TEXT[kind];

  if (!token) {
    return (
      <AuthLayout title={text.title}>
        <p className="notice notice-warning" role="alert">
          This address is missing the part after “#”. Copy the whole link you were given.
        </p>
      </AuthLayout>
    );
  }
  return (
    <AuthLayout title={text.title}>
      {link.isPending ? (
        <LoadingState label="Checking the link…" />
      ) : link.isError ? (
        <ErrorState title="This link cannot be used" error={link.error} />
      ) : link.data.kind !== kind ? (
        <p className="notice notice-warning" role="alert">
          This link is for something else; open it exactly as you received it.
        </p>
      ) : (
        <PasswordForm
          kind={kind}
          token={token}
          intro={
            kind === "invitation"
              ? `You are invited as ${link.data.role ?? "viewer"} with the email ${link.data.email}.`
              : `For ${link.data.email}. Your other sessions will be signed out.`
          }
          expiresAt={link.data.expiresAt}
        />
      )}
    </AuthLayout>
  );
}

interface PasswordFormProps {
  kind: Kind;
  token: string;
  intro: string;
  expiresAt: string;
}

function PasswordForm({ kind, token, intro, expiresAt }: PasswordFormProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const options = {
    onSuccess: async () => {
      // Drop the secret from the address bar and history before moving on.
      window.history.replaceState(null, "", window.location.pathname);
      queryClient.clear();
      await queryClient.invalidateQueries(trpc.auth.session.queryFilter());
      navigate("/", { replace: true });
    },
  };
  const accept = useMutation(trpc.link.acceptInvitation.mutationOptions(options));
  const reset = useMutation(trpc.link.resetPassword.mutationOptions(options));
  const mutation = kind === "invitation" ? accept : reset;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = passwordSchema.safeParse(password);
    const fieldErrors: FieldErrors = {};
    if (!parsed.success)
      fieldErrors.password = parsed.error.issues[0]?.message ?? "Invalid password";
    if (password !== confirm) fieldErrors.confirm = "The passwords do not match";
    setErrors(fieldErrors);
    if (Object.keys(fieldErrors).length === 0) mutation.mutate({ token, password });
  };

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <p>{intro}</p>
      <p className="muted small">The link works once, until {formatDateTime(expiresAt)}.</p>
      <NewPasswordFields
        password={password}
        confirm={confirm}
        onPassword={setPassword}
        onConfirm={setConfirm}
        errors={errors}
        autoFocus
      />
      <FormError message={mutation.isError ? errorMessage(mutation.error) : null} />
      <button type="submit" className="button button-primary" disabled={mutation.isPending}>
        {mutation.isPending ? TEXT[kind].busy : TEXT[kind].button}
      </button>
    </form>
  );
}
