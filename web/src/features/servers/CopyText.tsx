import { Check, Copy } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Button } from '../../components/ui/Button';
import { cn } from '../../lib/cn';

/**
 * An icon-only copy button for table rows, where a visible "Copy" on every
 * row would give them all the same name: `label` names what it copies
 * ("Copy host key fingerprint of web-1"). Says when it copied, also to screen readers.
 */
export function CopyIconButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2_500);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard'); // outside secure contexts
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };

  // relative: the absolutely positioned status text stays inside a scrolling table rather than widening the page.
  return (
    <span className="relative inline-flex shrink-0">
      <Button variant="ghost" size="sm" aria-label={label} title={label} onClick={() => void copy()} className="size-8 shrink-0 px-0">
        {state === 'copied' ? <Check aria-hidden className="text-success" /> : <Copy aria-hidden />}
      </Button>
      <span className="sr-only" aria-live="polite">
        {state === 'copied' ? 'Copied to the clipboard' : state === 'failed' ? 'Could not copy; select the text and copy it' : ''}
      </span>
    </span>
  );
}

/** A host key fingerprint (or a public key): monospace, wrapping anywhere, with a copy button. */
export function CopyableCode({ text, label, className }: { text: string; label: string; className?: string }) {
  return (
    <span className={cn('flex min-w-0 items-start gap-1', className)}>
      <code className="min-w-0 pt-1.5 font-mono text-xs break-all">{text}</code>
      <CopyIconButton text={text} label={label} />
    </span>
  );
}
