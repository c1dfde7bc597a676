import { useEffect, useState } from "react";

interface CodeBlockProps {
  title: string;
  code: string;
}

/** Text shown verbatim with a copy button: what the user pastes must be what they see. */
export function CodeBlock({ title, code }: CodeBlockProps) {
  return (
    <figure className="code-block">
      <figcaption>
        <span>{title}</span>
        <CopyButton text={code} description={title} />
      </figcaption>
      <pre tabIndex={0}>
        <code>{code}</code>
      </pre>
    </figure>
  );
}

export function JsonView({ value, label }: { value: unknown; label: string }) {
  return (
    <pre className="json-view" tabIndex={0} aria-label={label}>
      <code>{JSON.stringify(value, null, 2)}</code>
    </pre>
  );
}

interface CopyButtonProps {
  text: string;
  label?: string;
  /** Names what is copied for screen readers when several copy buttons sit together. */
  description?: string;
  className?: string;
}

type CopyState = "idle" | "copied" | "failed";

export function CopyButton({ text, label = "Copy", description, className }: CopyButtonProps) {
  const [state, setState] = useState<CopyState>("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2_000);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      // Clipboard access needs a secure context and permission; the text stays selectable.
      setState("failed");
    }
  };

  const shown = state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label;
  return (
    <>
      <button
        type="button"
        className={`button button-small ${className ?? ""}`}
        onClick={() => void copy()}
      >
        {shown}
        {description && <span className="visually-hidden"> {description}</span>}
      </button>
      <span className="visually-hidden" aria-live="polite">
        {state === "copied" ? "Copied to the clipboard" : ""}
      </span>
    </>
  );
}
