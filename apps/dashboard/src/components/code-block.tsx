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
    <pre className="json-view" tabIndex={0} role="region" aria-label={label}>
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

/** The older copy path, which works without a secure context: select a copy, copy it. */
function copyWithSelection(text: string): boolean {
  const scratch = document.createElement("textarea");
  scratch.value = text;
  scratch.setAttribute("readonly", "");
  scratch.style.position = "fixed";
  scratch.style.opacity = "0";
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  document.body.append(scratch);
  scratch.select();
  let copied: boolean;
  try {
    // Deprecated, but the only copy that works over plain HTTP.
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  scratch.remove();
  previous?.focus();
  return copied;
}

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
      // The Clipboard API needs a secure context (plain HTTP on a LAN address is not one).
      setState(copyWithSelection(text) ? "copied" : "failed");
    }
  };

  const shown =
    state === "copied" ? "Copied" : state === "failed" ? "Copy failed: select the text" : label;
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
