import { cn } from '../../lib/cn';

interface SwitchProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  /** Accessible name, e.g. "Require MFA for operator". */
  label: string;
  disabled?: boolean;
}

/** An on/off toggle that acts immediately (role="switch"). */
export function Switch({ checked, onChange, label, disabled = false }: SwitchProps) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={checked}
      aria-label={label}
      disabled={disabled}
      onClick={() => onChange(!checked)}
      className={cn(
        'relative inline-flex h-6 w-11 shrink-0 items-center rounded-full border transition-colors disabled:cursor-not-allowed disabled:opacity-60',
        checked ? 'border-primary bg-primary' : 'border-line-strong bg-subtle',
      )}
    >
      <span
        aria-hidden
        className={cn(
          'inline-block size-4.5 rounded-full shadow-card transition-transform',
          checked ? 'translate-x-5.5 bg-primary-fg' : 'translate-x-0.5 bg-fg-muted',
        )}
      />
    </button>
  );
}
