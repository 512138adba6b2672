import { ShieldCheck, ShieldOff } from 'lucide-react';
import { useState } from 'react';
import { useMe } from '../../auth/hooks';
import { Alert } from '../../components/ui/Alert';
import { Badge } from '../../components/ui/Badge';
import { SectionCard } from '../../components/ui/Card';
import { PageHeader } from '../../components/ui/PageHeader';
import { DisableMfa } from './DisableMfa';
import { EnrollMfa } from './EnrollMfa';
import { RecoveryCodes } from './RecoveryCodes';
import { SessionsCard } from './SessionsCard';

/** /account/security — the signed-in user's two-factor authentication and sessions. */
export function SecurityPage() {
  const me = useMe();
  // Shown once, right after enrolment; kept here so a session update cannot drop them.
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  if (!me) return null; // RequireAuth renders this page only when signed in

  return (
    <>
      <PageHeader title="Account security" description={`Two-factor authentication and sign-in sessions for ${me.email}.`} />
      {me.mfaRequired && !recoveryCodes && (
        <Alert tone="warning" title="Set up two-factor authentication to continue" className="mb-6">
          A role of yours ({me.roles.join(', ')}) requires it. Until you finish, the rest of OpsManager stays locked.
        </Alert>
      )}
      <div className="grid gap-6 lg:grid-cols-3">
        <SectionCard
          title="Two-factor authentication"
          className="self-start lg:col-span-2"
          aside={
            me.mfaEnabled || recoveryCodes ? (
              <Badge tone="success" icon={<ShieldCheck aria-hidden />}>
                On
              </Badge>
            ) : (
              <Badge tone="neutral" icon={<ShieldOff aria-hidden />}>
                Off
              </Badge>
            )
          }
        >
          {recoveryCodes ? (
            <RecoveryCodes codes={recoveryCodes} onDone={() => setRecoveryCodes(null)} />
          ) : me.mfaEnabled ? (
            <DisableMfa />
          ) : (
            <EnrollMfa onConfirmed={setRecoveryCodes} />
          )}
        </SectionCard>
        <SessionsCard />
      </div>
    </>
  );
}
