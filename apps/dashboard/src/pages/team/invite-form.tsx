import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { CopyButton } from "../../components/code-block.tsx";
import { Field } from "../../components/field.tsx";
import { FormError } from "../../components/state-views.tsx";
import { errorMessage, serverFieldErrors } from "../../lib/errors.ts";
import { formatDateTime } from "../../lib/format.ts";
import { useRole } from "../../lib/role.tsx";
import { adminRoles, emailSchema, roleAllows, type AdminRole } from "@inlet/contracts";
import { useTRPC } from "../../lib/trpc.ts";

/** A one-time link is shown once: Inlet keeps only its hash. */
export function OneTimeLink({
  path,
  url,
  expiresAt,
}: {
  path: string;
  url: string | null;
  expiresAt: string;
}) {
  // Without PUBLIC_URL the server cannot know its public address; this page does.
  const link = url ?? `${window.location.origin}${path}`;
  return (
    <div className="notice notice-success stack" role="status">
      <p>
        Copy this link now and send it yourself; it is not shown again. It works once, until{" "}
        {formatDateTime(expiresAt)}.
      </p>
      <div className="token-display">
        <code aria-label="One-time link">{link}</code>
        <CopyButton text={link} description="the link" />
      </div>
    </div>
  );
}

export function InviteForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const myRole = useRole();
  const roleId = useId();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<AdminRole>("viewer");
  const [emailError, setEmailError] = useState<string>();
  const invite = useMutation(
    trpc.invitation.create.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries(trpc.invitation.list.queryFilter()),
      onError: (error) => setEmailError(serverFieldErrors(error).email),
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = emailSchema.safeParse(email);
    setEmailError(parsed.success ? undefined : parsed.error.issues[0]?.message);
    if (parsed.success) invite.mutate({ email: parsed.data, role });
  };

  return (
    <form className="card stack" onSubmit={submit} noValidate aria-labelledby="invite-heading">
      <h2 id="invite-heading">Invite someone</h2>
      <div className="filter-bar">
        <Field
          label="Email"
          type="email"
          value={email}
          onChange={(event) => {
            setEmail(event.target.value);
            invite.reset();
          }}
          error={emailError}
        />
        <div className="field">
          <label htmlFor={roleId}>Role</label>
          <select
            id={roleId}
            value={role}
            onChange={(event) => setRole(event.target.value as AdminRole)}
          >
            {adminRoles
              .filter((candidate) => roleAllows(myRole, candidate))
              .map((candidate) => (
                <option key={candidate} value={candidate}>
                  {candidate}
                </option>
              ))}
          </select>
        </div>
      </div>
      <p className="muted small">
        Viewers watch Live, Events and Users; admins also manage projects, tokens and settings;
        owners also manage admins and read the audit log.
      </p>
      <FormError message={invite.isError && !emailError ? errorMessage(invite.error) : null} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={invite.isPending}>
          {invite.isPending ? "Creating…" : "Create invitation link"}
        </button>
      </div>
      {invite.data && <OneTimeLink {...invite.data} />}
    </form>
  );
}
