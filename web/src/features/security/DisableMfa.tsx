import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { getMe } from '../../auth/api';
import { disableMfa } from './api';
import { updateMe } from '../../auth/session';
import { Button } from '../../components/ui/Button';
import { PasswordField } from '../../components/ui/Field';
import { MfaCodeField } from './CodeInput';
import { useCodeField } from './useCodeField';

/** Turning MFA off takes the password and one more valid code (and is refused when a role requires MFA). */
export function DisableMfa() {
  const [open, setOpen] = useState(false);
  const code = useCodeField();
  const [password, setPassword] = useState('');
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
    const value = code.take(password === '' ? 'Enter your password.' : undefined);
    if (value) mutation.mutate(value, { onError: code.clear });
  };

  return (
    <form noValidate onSubmit={submit} className="space-y-4 text-sm">
      <p className="text-fg-muted">Confirm with your password and a current code from your authenticator app.</p>
      <PasswordField label="Password" current required value={password} onChange={setPassword} />
      <MfaCodeField field={code} failure={mutation.error} failureTitle="Two-factor authentication is still on" />
      <div className="flex flex-wrap gap-2">
        <Button type="submit" variant="danger" pending={mutation.isPending}>
          Turn off
        </Button>
        <Button onClick={() => setOpen(false)} disabled={mutation.isPending}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
