import { ArrowLeft, ShieldCheck } from 'lucide-react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button } from '../../components/ui/Button';
import { TextField } from '../../components/ui/Field';
import { Spinner } from '../../components/ui/Spinner';

export type CodeMethod = 'totp' | 'recovery';

interface CodeFormProps {
  method: CodeMethod;
  busy: boolean;
  pending: boolean;
  /** Changes after each failed attempt (0 before any): the field is cleared and focused again. */
  failureKey: number;
  onSubmit: (code: string) => void;
  onSwitchMethod: () => void;
  onBack: () => void;
}

/** The second sign-in step: an authenticator code, or a recovery code instead. */
export function CodeForm({ method, busy, pending, failureKey, onSubmit, onSwitchMethod, onBack }: CodeFormProps) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string>();
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!failureKey) return;
    setCode('');
    inputRef.current?.focus();
  }, [failureKey]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = method === 'totp' ? code.replace(/\s/g, '') : code.trim();
    const problem =
      method === 'totp' ? (/^\d{6}$/.test(value) ? undefined : 'Enter the 6 digits shown in your app.') : value ? undefined : 'Enter a recovery code.';
    setError(problem);
    if (!problem) onSubmit(value);
  };

  return (
    <form noValidate onSubmit={submit} className="space-y-4">
      {method === 'totp' ? (
        <TextField
          ref={inputRef}
          label="Authentication code"
          name="totp"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]*"
          maxLength={7}
          autoFocus
          required
          value={code}
          error={error}
          onChange={(e) => setCode(e.target.value)}
          className="font-mono text-lg tracking-[0.3em] tabular-nums"
        />
      ) : (
        <TextField
          ref={inputRef}
          label="Recovery code"
          name="recoveryCode"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          required
          value={code}
          error={error}
          onChange={(e) => setCode(e.target.value)}
          className="font-mono"
        />
      )}
      <Button type="submit" variant="primary" className="w-full" disabled={busy}>
        {pending ? <Spinner /> : <ShieldCheck aria-hidden />}
        {pending ? 'Verifying…' : 'Verify and sign in'}
      </Button>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <button type="button" onClick={onBack} className="inline-flex items-center gap-1 text-link hover:underline">
          <ArrowLeft aria-hidden className="size-4" />
          Back
        </button>
        <button type="button" onClick={onSwitchMethod} className="text-link hover:underline">
          {method === 'totp' ? 'Use a recovery code instead' : 'Use your authenticator app instead'}
        </button>
      </div>
    </form>
  );
}
