import { useState } from 'react';
import type { User } from '../../api/types';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { useResetUserMfa } from './queries';

/** Turns off a user's MFA (lost device), after an inline confirmation. */
export function ResetMfa({ user }: { user: User }) {
  const [confirming, setConfirming] = useState(false);
  const mutation = useResetUserMfa();

  if (mutation.isSuccess) {
    return (
      <Alert tone="success" title="Two-factor authentication was reset" live>
        {user.displayName} signs in with their password only until they set it up again.
      </Alert>
    );
  }
  return (
    <div className="space-y-3 rounded-md border border-line p-4 text-sm">
      <div>
        <p className="font-medium">Two-factor authentication is on</p>
        <p className="text-fg-muted">Reset it if they lost their authenticator app and their recovery codes.</p>
      </div>
      {mutation.isError && (
        <Alert tone="danger" title="Not reset" live>
          {mutation.error.message}
        </Alert>
      )}
      {confirming ? (
        <div className="flex flex-wrap items-center gap-2">
          <span>Turn off their two-factor authentication?</span>
          <Button size="sm" variant="danger" onClick={() => mutation.mutate(user.id)} pending={mutation.isPending}>
            Reset MFA
          </Button>
          <Button size="sm" onClick={() => setConfirming(false)} disabled={mutation.isPending}>
            Cancel
          </Button>
        </div>
      ) : (
        <Button size="sm" onClick={() => setConfirming(true)}>
          Reset MFA…
        </Button>
      )}
    </div>
  );
}
