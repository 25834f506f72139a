// A short explanation behind a small "?" button: shown on hover and keyboard focus, toggled by click or tap.
import { useState } from 'preact/hooks';

export function Tip({ id, text, label }: { id: string; text: string; label: string }) {
  const [open, setOpen] = useState(false);
  return (
    <span class="tip">
      <button
        type="button"
        class="tip-button"
        aria-label={`About ${label}`}
        aria-describedby={id}
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        onBlur={() => setOpen(false)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setOpen(false);
        }}
      >
        ?
      </button>
      <span id={id} role="tooltip" class="tip-text">
        {text}
      </span>
    </span>
  );
}
