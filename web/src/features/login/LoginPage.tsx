import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import type { LoginRequest } from '../../api/types';
import { useAuthState } from '../../auth/hooks';
import { safeNext } from '../../auth/paths';
import { signIn } from '../../auth/session';
import { CenteredLayout } from '../../components/layout/CenteredLayout';
import { ThemeToggle } from '../../components/layout/ThemeToggle';
import { Alert } from '../../components/ui/Alert';
import { Card } from '../../components/ui/Card';
import { LoadingBlock } from '../../components/ui/Spinner';
import { useCountdown } from '../../hooks/useCountdown';
import { CodeForm, type CodeMethod } from './CodeForm';
import { CredentialsForm } from './CredentialsForm';
import { loginErrorMessage } from './loginErrors';

/**
 * /login — email and password, then (when the account has MFA) a code from the
 * authenticator app or a recovery code. Signed-in users go on to ?next=.
 */
export function LoginPage() {
  const state = useAuthState();
  const [searchParams] = useSearchParams();
  const next = safeNext(searchParams.get('next'));
  const [credentials, setCredentials] = useState({ email: '', password: '' });
  const [step, setStep] = useState<'credentials' | CodeMethod>('credentials');
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const waitSeconds = useCountdown(retryAt);

  const mutation = useMutation({
    mutationFn: (request: LoginRequest) => signIn(request),
    onError: (error) => {
      if (error instanceof ApiError && error.code === 'mfa_required') setStep('totp');
      if (error instanceof ApiError && error.status === 429) setRetryAt(Date.now() + (error.retryAfterSeconds ?? 30) * 1_000);
    },
  });

  if (state.status === 'signedIn') return <Navigate to={next} replace />;
  if (state.status === 'restoring') {
    return (
      <CenteredLayout>
        <LoadingBlock label="Checking your session…" />
      </CenteredLayout>
    );
  }

  const error = mutation.error instanceof ApiError && mutation.error.code === 'mfa_required' ? null : mutation.error;
  const shown = error ? loginErrorMessage(error) : null;
  const busy = mutation.isPending || waitSeconds > 0;

  return (
    <CenteredLayout>
      <title>Sign in · OpsManager</title>
      <Card className="p-6">
        <h1 className="text-xl font-semibold tracking-tight">{step === 'credentials' ? 'Sign in' : 'Two-factor authentication'}</h1>
        <p className="mt-1 mb-5 text-sm text-fg-muted">
          {step === 'credentials'
            ? 'Use your OpsManager account.'
            : step === 'totp'
              ? 'Enter the 6-digit code from your authenticator app.'
              : 'Enter one of the recovery codes you saved when you set up two-factor authentication. Each works once.'}
        </p>
        {state.status === 'signedOut' && state.reason === 'expired' && step === 'credentials' && !shown && (
          <Alert tone="info" title="Your session has ended" className="mb-5">
            Sign in again to continue where you left off.
          </Alert>
        )}
        {state.status === 'signedOut' && state.reason === 'signed_out' && step === 'credentials' && !shown && (
          <Alert tone="success" title="You have signed out" className="mb-5" />
        )}
        {shown && (
          <Alert tone="danger" title={shown.title} live className="mb-5">
            {waitSeconds > 0 ? `Try again in ${waitSeconds} s.` : shown.message}
          </Alert>
        )}
        {step === 'credentials' ? (
          <CredentialsForm
            initial={credentials}
            busy={busy}
            pending={mutation.isPending}
            onSubmit={(values) => {
              setCredentials(values);
              mutation.mutate(values);
            }}
          />
        ) : (
          <CodeForm
            key={step}
            method={step}
            busy={busy}
            pending={mutation.isPending}
            failureKey={mutation.isError ? mutation.submittedAt : 0}
            onSubmit={(code) =>
              mutation.mutate(step === 'totp' ? { ...credentials, totp: code } : { ...credentials, recoveryCode: code })
            }
            onSwitchMethod={() => {
              mutation.reset();
              setStep(step === 'totp' ? 'recovery' : 'totp');
            }}
            onBack={() => {
              mutation.reset();
              setStep('credentials');
            }}
          />
        )}
      </Card>
      <div className="mt-6">
        <ThemeToggle />
      </div>
    </CenteredLayout>
  );
}
