import { Field } from "./field.tsx";

interface NewPasswordFieldsProps {
  password: string;
  confirm: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
  errors: { password?: string | undefined; confirm?: string | undefined };
  /** Where the new password replaces another, say so in the labels. */
  labels?: { password: string; confirm: string };
  hint?: string;
  autoFocus?: boolean;
}

/** A new password typed twice, as setup, invitations, resets and the account page ask it. */
export function NewPasswordFields({
  password,
  confirm,
  onPassword,
  onConfirm,
  errors,
  labels = { password: "Password", confirm: "Confirm password" },
  hint = "At least 10 characters.",
  autoFocus,
}: NewPasswordFieldsProps) {
  return (
    <>
      <Field
        label={labels.password}
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(event) => onPassword(event.target.value)}
        error={errors.password}
        hint={hint}
        autoFocus={autoFocus}
      />
      <Field
        label={labels.confirm}
        type="password"
        autoComplete="new-password"
        value={confirm}
        onChange={(event) => onConfirm(event.target.value)}
        error={errors.confirm}
      />
    </>
  );
}
