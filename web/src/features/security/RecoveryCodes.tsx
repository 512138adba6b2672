import { useMutation } from '@tanstack/react-query';
import { Download } from 'lucide-react';
import { useState } from 'react';
import { refreshSession } from '../../auth/session';
import { CheckboxField } from '../../components/ui/CheckboxGroup';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { CopyButton } from '../../components/ui/CopyButton';

function download(codes: string[]): void {
  const text = `OpsManager recovery codes\nEach code signs you in once, without your authenticator app.\n\n${codes.join('\n')}\n`;
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'opsmanager-recovery-codes.txt';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * The ten recovery codes, shown once after enrolment. "Done" refreshes the
 * session, which lifts the MFA restriction of the old access token.
 */
export function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const [saved, setSaved] = useState(false);
  const finish = useMutation({ mutationFn: refreshSession, onSuccess: onDone });
  return (
    <div className="space-y-4 text-sm">
      <Alert tone="success" title="Two-factor authentication is on" live />
      <Alert tone="warning" title="Save your recovery codes now">
        They are shown only this once. Each signs you in one time if you lose your authenticator app; keep them somewhere
        safe, such as a password manager.
      </Alert>
      <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-2 rounded-md bg-subtle p-4 font-mono text-sm sm:grid-cols-2">
        {codes.map((code) => (
          <li key={code} className="break-all">
            {code}
          </li>
        ))}
      </ul>
      <div className="flex flex-wrap gap-2">
        <CopyButton text={codes.join('\n')} label="Copy codes" />
        <Button size="sm" onClick={() => download(codes)}>
          <Download aria-hidden />
          Download .txt
        </Button>
      </div>
      <CheckboxField label="I have saved my recovery codes" checked={saved} onChange={setSaved} />
      {finish.isError && (
        <Alert tone="danger" title="Could not refresh your session" live>
          {finish.error.message}
        </Alert>
      )}
      <Button variant="primary" disabled={!saved} pending={finish.isPending} onClick={() => finish.mutate()}>
        Done
      </Button>
    </div>
  );
}
