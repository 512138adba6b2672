import { TextField } from '../../components/ui/Field';
import { Alert } from '../../components/ui/Alert';
import { mfaCodeError } from './mfaErrors';
import type { useCodeField } from './useCodeField';

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

/**
 * The code field of an MFA form (see useCodeField), focused, and why the API
 * refused the last code sent, under `failureTitle`.
 */
export function MfaCodeField({ field, failure, failureTitle }: { field: ReturnType<typeof useCodeField>; failure: Error | null; failureTitle: string }) {
  return (
    <>
      <CodeInput value={field.code} onChange={field.setCode} error={field.error} autoFocus />
      {failure && (
        <Alert tone="danger" title={failureTitle} live>
          {mfaCodeError(failure)}
        </Alert>
      )}
    </>
  );
}
