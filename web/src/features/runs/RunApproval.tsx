import { Check, UserCheck, X } from 'lucide-react';
import { useId, useState } from 'react';
import type { Run } from '../../api/types';
import { useCan, useMe } from '../../auth/hooks';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { inputClasses } from '../../components/ui/input';
import { Spinner } from '../../components/ui/Spinner';
import { cn } from '../../lib/cn';
import { useDecideRun } from './runActions';

/**
 * Shown while a run waits for approval. Approvers (playbooks:approve) get
 * Approve / Reject with an optional note; others are told who may decide.
 */
export function RunApproval({ run }: { run: Run }) {
  const canApprove = useCan('playbooks:approve');
  const me = useMe();
  const mutation = useDecideRun(run.id);
  const [note, setNote] = useState('');
  const id = useId();
  if (run.status !== 'waiting_approval') return null;
  const waitingStep = run.steps?.find((s) => s.status === 'waiting_approval');
  const own = Boolean(me && (run.requestedBy === me.email || run.requestedBy === me.id));

  return (
    <section aria-labelledby={`${id}-title`} className="mb-6 rounded-lg border border-warning/40 bg-warning-soft p-4 sm:p-5">
      <h2 id={`${id}-title`} className="flex items-center gap-2 font-semibold text-warning">
        <UserCheck aria-hidden className="size-5" />
        This run is waiting for approval
      </h2>
      <p className="mt-1 text-sm">
        {waitingStep ? (
          <>
            Step <span className="font-medium">“{waitingStep.name}”</span>
            {waitingStep.target && (
              <>
                {' '}
                on <span className="font-mono">{waitingStep.target}</span>
              </>
            )}{' '}
            needs someone to approve it before it runs.
          </>
        ) : (
          'A risky step needs someone to approve it before it runs.'
        )}{' '}
        Requested by {run.requestedBy || 'unknown'}.
      </p>
      {canApprove ? (
        <div className="mt-4 space-y-3">
          {own && (
            <p className="text-sm text-fg-muted">You started this run; unless self-approval is allowed, someone else has to approve it.</p>
          )}
          <div className="space-y-1.5">
            <label htmlFor={`${id}-note`} className="text-sm font-medium">
              Note <span className="font-normal text-fg-muted">(optional, kept in the audit log)</span>
            </label>
            <textarea
              id={`${id}-note`}
              rows={2}
              maxLength={2_000}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              className={cn(inputClasses, 'bg-surface py-2')}
            />
          </div>
          <div className="flex flex-wrap gap-2">
            <Button variant="primary" onClick={() => mutation.mutate({ approve: true, note })} disabled={mutation.isPending}>
              {mutation.isPending && mutation.variables?.approve ? <Spinner /> : <Check aria-hidden />}
              Approve
            </Button>
            <Button variant="danger" onClick={() => mutation.mutate({ approve: false, note })} disabled={mutation.isPending}>
              {mutation.isPending && mutation.variables?.approve === false ? <Spinner /> : <X aria-hidden />}
              Reject
            </Button>
          </div>
          {mutation.isError && (
            <Alert tone="danger" title={mutation.variables?.approve ? 'Not approved' : 'Not rejected'} live>
              {mutation.error.message}
            </Alert>
          )}
        </div>
      ) : (
        <p className="mt-3 text-sm text-fg-muted">Someone holding the playbooks:approve permission has to approve or reject it.</p>
      )}
    </section>
  );
}
