import { useMutation } from '@tanstack/react-query';
import { ShieldCheck } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { confirmMfa, enrollMfa } from './api';
import type { MfaEnrollment } from '../../api/types';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { CopyButton } from '../../components/ui/CopyButton';
import { Spinner } from '../../components/ui/Spinner';
import { MfaCodeField } from './CodeInput';
import { useCodeField } from './useCodeField';

/** "ABCD EFGH ..." is easier to type from a screen than one long run of letters. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** Starts enrolment (QR code + secret), then confirms it with a first code. */
export function EnrollMfa({ onConfirmed }: { onConfirmed: (recoveryCodes: string[]) => void }) {
  // The secret stays in this component only: not in the query cache.
  const [enrollment, setEnrollment] = useState<MfaEnrollment | null>(null);
  const start = useMutation({ mutationFn: enrollMfa, gcTime: 0, onSuccess: (data) => setEnrollment(data) });

  if (!enrollment) {
    return (
      <div className="space-y-4 text-sm">
        <p className="text-fg-muted">
          Protect your account with a code from an authenticator app (such as 1Password, Google Authenticator or Aegis) in
          addition to your password.
        </p>
        {start.isError && (
          <Alert tone="danger" title="Could not start the setup" live>
            {start.error.message}
          </Alert>
        )}
        <Button variant="primary" onClick={() => start.mutate()} disabled={start.isPending}>
          {start.isPending ? <Spinner /> : <ShieldCheck aria-hidden />}
          Set up two-factor authentication
        </Button>
      </div>
    );
  }
  return (
    <ConfirmEnrollment
      enrollment={enrollment}
      onConfirmed={onConfirmed}
      onCancel={() => {
        setEnrollment(null);
        start.reset();
      }}
    />
  );
}

interface ConfirmEnrollmentProps {
  enrollment: MfaEnrollment;
  onConfirmed: (recoveryCodes: string[]) => void;
  onCancel: () => void;
}

function ConfirmEnrollment({ enrollment, onConfirmed, onCancel }: ConfirmEnrollmentProps) {
  const code = useCodeField();
  const confirm = useMutation({ mutationFn: confirmMfa, gcTime: 0, onSuccess: onConfirmed });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = code.take();
    if (value) confirm.mutate(value, { onError: code.clear });
  };

  return (
    <div className="space-y-6 text-sm">
      <ol className="space-y-6">
        <li className="space-y-3">
          <p className="font-medium">1. Scan this QR code with your authenticator app</p>
          <div className="flex flex-col gap-4 sm:flex-row sm:items-start">
            {/* White padding keeps the code scannable in the dark theme. */}
            <img
              src={`data:image/png;base64,${enrollment.qrPng}`}
              alt="QR code that adds OpsManager to your authenticator app"
              width={176}
              height={176}
              className="size-44 shrink-0 rounded-md border border-line bg-white p-2"
            />
            <div className="min-w-0 space-y-2">
              <p className="text-fg-muted">Cannot scan it? Enter this key in the app instead (time-based, 6 digits):</p>
              <p className="font-mono text-base break-all" aria-label="Setup key">
                {groupSecret(enrollment.secret)}
              </p>
              <CopyButton text={enrollment.secret} label="Copy key" />
            </div>
          </div>
        </li>
        <li>
          <form noValidate onSubmit={submit} className="space-y-3">
            <p className="font-medium">2. Enter the code the app shows</p>
            <MfaCodeField field={code} failure={confirm.error} failureTitle="Not confirmed" />
            <div className="flex flex-wrap gap-2">
              <Button type="submit" variant="primary" pending={confirm.isPending}>
                Confirm and turn on
              </Button>
              <Button onClick={onCancel} disabled={confirm.isPending}>
                Cancel
              </Button>
            </div>
          </form>
        </li>
      </ol>
    </div>
  );
}
