import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { getMe } from '../../auth/api';
import { disableMfa } from './api';
import { updateMe } from '../../auth/session';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { TextField } from '../../components/ui/Field';
import { Spinner } from '../../components/ui/Spinner';
import { CodeInput } from './CodeInput';
import { isSixDigits, mfaCodeError, normaliseCode } from './mfaErrors';

/** Turning MFA off takes the password and one more valid code (and is refused when a role requires MFA). */
export function DisableMfa() {
  const [open, setOpen] = useState(false);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const [formError, setFormError] = useState<string>();
  const mutation = useMutation({
    mutationFn: async (value: string) => {
      await disableMfa(password, value);
      updateMe(await getMe());
    },
  });

  if (!open) {
    return (
      <div className="space-y-4 text-sm">
        <p className="text-fg-muted">Signing in asks for a code from your authenticator app after your password.</p>
        <Button variant="danger" onClick={() => setOpen(true)}>
          Turn off two-factor authentication
        </Button>
      </div>
    );
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = normaliseCode(code);
    if (password === '') {
      setFormError('Enter your password.');
      return;
    }
    if (!isSixDigits(value)) {
      setFormError('Enter the 6 digits shown in your app.');
      return;
    }
    setFormError(undefined);
    mutation.mutate(value, { onError: () => setCode('') });
  };

  return (
    <form noValidate onSubmit={submit} className="space-y-4 text-sm">
      <p className="text-fg-muted">Confirm with your password and a current code from your authenticator app.</p>
      <TextField
        label="Password"
        type="password"
        required
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <CodeInput value={code} onChange={setCode} error={formError} autoFocus />
      {mutation.isError && (
        <Alert tone="danger" title="Two-factor authentication is still on" live>
          {mfaCodeError(mutation.error)}
        </Alert>
      )}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="danger" disabled={mutation.isPending}>
          {mutation.isPending && <Spinner />}
          Turn off
        </Button>
        <Button onClick={() => setOpen(false)} disabled={mutation.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
