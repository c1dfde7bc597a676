import { useId, type InputHTMLAttributes, type ReactNode, type Ref } from "react";

interface Described {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
}

/** The label, hint and error around one control, wired for screen readers. */
function FieldFrame({
  label,
  error,
  hint,
  className,
  control,
}: Described & { className?: string | undefined; control: (aria: ControlAria) => ReactNode }) {
  const id = useId();
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ");
  return (
    <div className={className ? `field ${className}` : "field"}>
      <label htmlFor={id}>{label}</label>
      {control({
        id,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": describedBy || undefined,
      })}
      {hint && (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

interface ControlAria {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

interface FieldProps extends Described, Omit<InputHTMLAttributes<HTMLInputElement>, "id"> {
  ref?: Ref<HTMLInputElement>;
}

export function Field({ label, error, hint, className, ...input }: FieldProps) {
  return (
    <FieldFrame
      label={label}
      error={error}
      hint={hint}
      className={className}
      control={(aria) => <input {...aria} {...input} />}
    />
  );
}

interface TextAreaFieldProps extends Described {
  value: string;
  onChange: (value: string) => void;
  rows?: number;
  placeholder?: string;
}

export function TextAreaField({ label, error, hint, onChange, ...rest }: TextAreaFieldProps) {
  return (
    <FieldFrame
      label={label}
      error={error}
      hint={hint}
      control={(aria) => (
        <textarea
          {...aria}
          spellCheck={false}
          onChange={(event) => onChange(event.target.value)}
          {...rest}
        />
      )}
    />
  );
}
