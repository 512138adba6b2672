import { CopyButton } from '../../components/ui/CopyButton';
import { cn } from '../../lib/cn';

/** A host key fingerprint (or a public key): monospace, wrapping anywhere, with a copy button. */
export function CopyableCode({ text, label, className }: { text: string; label: string; className?: string }) {
  return (
    <span className={cn('flex min-w-0 items-start gap-1', className)}>
      <code className="min-w-0 pt-1.5 font-mono text-xs break-all">{text}</code>
      <CopyButton iconOnly text={text} label={label} />
    </span>
  );
}
