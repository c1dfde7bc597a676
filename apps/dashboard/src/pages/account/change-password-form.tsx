import { useMutation } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Field } from "../../components/field.tsx";
import { NewPasswordFields } from "../../components/new-password-fields.tsx";
import { FormError } from "../../components/state-views.tsx";
import { errorMessage, type FieldErrors } from "../../lib/errors.ts";
import { passwordSchema } from "@inlet/contracts";
import { useTRPC } from "../../lib/trpc.ts";

export function ChangePasswordForm({ onChanged }: { onChanged: () => void }) {
  const trpc = useTRPC();
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const [confirm, setConfirm] = useState("");
  const [errors, setErrors] = useState<FieldErrors>({});
  const change = useMutation(
    trpc.account.changePassword.mutationOptions({
      onSuccess: () => {
        setCurrent("");
        setNew("");
        setConfirm("");
        onChanged();
      },
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = passwordSchema.safeParse(newPassword);
    const fieldErrors: FieldErrors = {};
    if (!currentPassword) fieldErrors.current = "Enter your current password";
    if (!parsed.success)
      fieldErrors.password = parsed.error.issues[0]?.message ?? "Invalid password";
    if (newPassword !== confirm) fieldErrors.confirm = "The passwords do not match";
    setErrors(fieldErrors);
    if (Object.keys(fieldErrors).length === 0) change.mutate({ currentPassword, newPassword });
  };

  return (
    <form className="card stack" onSubmit={submit} noValidate aria-labelledby="password-heading">
      <h2 id="password-heading">Change password</h2>
      <Field
        label="Current password"
        type="password"
        autoComplete="current-password"
        value={currentPassword}
        onChange={(event) => setCurrent(event.target.value)}
        error={errors.current}
      />
      <NewPasswordFields
        password={newPassword}
        confirm={confirm}
        onPassword={setNew}
        onConfirm={setConfirm}
        errors={errors}
        labels={{ password: "New password", confirm: "Confirm new password" }}
        hint="At least 10 characters. Your other sessions will be signed out."
      />
      <FormError message={change.isError ? errorMessage(change.error) : null} />
      <div className="form-actions">
        {change.isSuccess && (
          <span className="saved" role="status">
            Password changed; {change.data.otherSessionsEnded} other session(s) signed out
          </span>
        )}
        <button type="submit" className="button button-primary" disabled={change.isPending}>
          {change.isPending ? "Saving…" : "Change password"}
        </button>
      </div>
    </form>
  );
}
