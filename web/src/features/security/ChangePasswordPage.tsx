import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { getMe } from '../../auth/api';
import { changePassword } from './api';
import { useMe } from '../../auth/hooks';
import { updateMe } from '../../auth/session';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { SectionCard } from '../../components/ui/Card';
import { PasswordField } from '../../components/ui/Field';
import { FormErrorAlert } from '../../components/ui/FormErrorAlert';
import { PageHeader } from '../../components/ui/PageHeader';
import { MIN_PASSWORD } from '../../entities/user/password';

/**
 * /account/password — the signed-in user sets a new password. Users whose
 * password someone else saw (the first admin's printed one) are kept here
 * until they do; their other sessions end when it changes.
 */
export function ChangePasswordPage() {
  const me = useMe();
  const navigate = useNavigate();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [formError, setFormError] = useState<string>();
  const [done, setDone] = useState(false);
  const mutation = useMutation({
    mutationFn: async () => {
      const forced = me?.mustChangePassword ?? false; // before updateMe clears it
      await changePassword(current, next);
      updateMe(await getMe());
      return forced;
    },
    onSuccess: (forced) => {
      setDone(true);
      if (forced) void navigate('/', { replace: true });
    },
  });
  if (!me) return null;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if ([...next].length < MIN_PASSWORD) return setFormError(`The new password needs at least ${MIN_PASSWORD} characters.`);
    if (next !== repeat) return setFormError('The two new passwords differ.');
    if (next === current) return setFormError('Choose a password different from the current one.');
    setFormError(undefined);
    setDone(false);
    mutation.mutate();
  };

  return (
    <>
      <PageHeader title="Change password" description={`Set a new password for ${me.email}.`} />
      {me.mustChangePassword && (
        <Alert tone="warning" title="Set your own password to continue" className="mb-6">
          You signed in with a password that was printed or given to you. Until you choose your own, the rest of OpsManager stays locked.
        </Alert>
      )}
      <SectionCard title="Your password" className="max-w-xl">
        <form noValidate onSubmit={submit} className="space-y-4 text-sm">
          <PasswordField label="Current password" current required value={current} onChange={setCurrent} />
          <PasswordField
            label="New password"
            required
            value={next}
            onChange={setNext}
            hint={`At least ${MIN_PASSWORD} characters. Your other sessions are signed out.`}
          />
          <PasswordField label="Repeat new password" required value={repeat} onChange={setRepeat} error={formError} />
          {mutation.isError && <FormErrorAlert title="The password was not changed" error={mutation.error} />}
          {done && (
            <Alert tone="success" title="Password changed" live>
              Your other sessions have been signed out.
            </Alert>
          )}
          <Button type="submit" variant="primary" pending={mutation.isPending}>
            Change password
          </Button>
        </form>
      </SectionCard>
    </>
  );
}
