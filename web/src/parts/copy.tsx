import { useState } from 'preact/hooks';

/** Copies `text`; falls back to selecting it where the clipboard API is refused (plain http). */
export function CopyButton({ text, label = 'Copy' }: { text: string; label?: string }) {
  const [done, setDone] = useState(false);
  const copy = async (event: Event) => {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      const area = document.createElement('textarea');
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setDone(true);
    setTimeout(() => setDone(false), 1500);
    (event.currentTarget as HTMLElement | null)?.blur();
  };
  return (
    <button type="button" class="small-button" onClick={copy} aria-live="polite">
      {done ? 'Copied' : label}
    </button>
  );
}

export function CopyLine({ text }: { text: string }) {
  return (
    <div class="copyline">
      <code tabIndex={0}>{text}</code>
      <CopyButton text={text} />
    </div>
  );
}
