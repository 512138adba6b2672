import { Check, Copy } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Button, type ButtonSize, type ButtonVariant } from './Button';

interface CopyButtonProps {
  text: string;
  /**
   * What the button says; with `iconOnly`, its accessible name and tooltip, which should name what it copies
   * ("Copy host key fingerprint of web-1").
   */
  label?: string;
  /** Only the icon: for table rows, where a visible "Copy" on every row would give them all the same name. */
  iconOnly?: boolean;
  variant?: ButtonVariant;
  size?: ButtonSize;
}

/** Copies `text` to the clipboard and says so (also to screen readers). */
export function CopyButton({ text, label = 'Copy', iconOnly = false, variant, size = 'sm' }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2_500);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      // Missing outside secure contexts (plain HTTP on another host).
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };

  // relative: the absolutely positioned status text stays inside a scrolling table rather than widening the page.
  // grow: the button still fills the space the wrapper is stretched to (a column of full-width buttons on a phone).
  return (
    <span className="relative inline-flex shrink-0">
      {iconOnly ? (
        <Button
          variant={variant ?? 'ghost'}
          size={size}
          aria-label={label}
          title={label}
          onClick={() => void copy()}
          className="size-8 shrink-0 px-0"
        >
          {state === 'copied' ? <Check aria-hidden className="text-success" /> : <Copy aria-hidden />}
        </Button>
      ) : (
        <Button variant={variant ?? 'secondary'} size={size} onClick={() => void copy()} className="grow">
          {state === 'copied' ? <Check aria-hidden /> : <Copy aria-hidden />}
          {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select and copy it' : label}
        </Button>
      )}
      <span className="sr-only" aria-live="polite">
        {state === 'copied' ? 'Copied to the clipboard' : state === 'failed' ? 'Could not copy; select the text and copy it' : ''}
      </span>
    </span>
  );
}
