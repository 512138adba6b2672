import { TextField } from '../../components/ui/Field';

interface CodeInputProps {
  value: string;
  onChange: (value: string) => void;
  error?: string;
  label?: string;
  autoFocus?: boolean;
  disabled?: boolean;
}

/** A 6-digit authenticator code field. */
export function CodeInput({ value, onChange, error, label = 'Authentication code', autoFocus, disabled }: CodeInputProps) {
  return (
    <TextField
      label={label}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9]*"
      maxLength={7}
      required
      autoFocus={autoFocus}
      disabled={disabled}
      value={value}
      error={error}
      onChange={(e) => onChange(e.target.value)}
      className="max-w-48 font-mono text-lg tracking-[0.3em] tabular-nums"
    />
  );
}
