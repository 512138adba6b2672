import { ArrowUpCircle, CheckCheck, CircleCheck, Eye, Lock, RotateCcw, Search, ShieldCheck } from 'lucide-react';
import type { ReactNode } from 'react';
import type { Incident, IncidentAction } from '../../api/types';
import { useCan } from '../../auth/hooks';
import { Alert } from '../../components/ui/Alert';
import { Button } from '../../components/ui/Button';
import { Spinner } from '../../components/ui/Spinner';
import { ACTION_DONE, ACTION_LABELS, actionsFor } from './model';
import { useIncidentAction } from './queries';

const icons: Record<IncidentAction, ReactNode> = {
  acknowledge: <Eye aria-hidden />,
  investigate: <Search aria-hidden />,
  mitigate: <ShieldCheck aria-hidden />,
  resolve: <CircleCheck aria-hidden />,
  close: <Lock aria-hidden />,
  reopen: <RotateCcw aria-hidden />,
  escalate: <ArrowUpCircle aria-hidden />,
};

/** The first action is the one responders usually want next. */
const primary: Partial<Record<string, IncidentAction>> = {
  triggered: 'acknowledge',
  acknowledged: 'investigate',
  investigating: 'mitigate',
  mitigated: 'resolve',
  resolved: 'close',
};

/**
 * Buttons for the actions the incident's current status allows; the others are
 * not shown. Hidden entirely without incidents:write.
 */
export function IncidentActions({ incident }: { incident: Incident }) {
  const canWrite = useCan('incidents:write');
  const mutation = useIncidentAction(incident.id);
  if (!canWrite) return null;
  const actions = actionsFor(incident.status);
  const done = mutation.isSuccess && mutation.variables ? mutation.variables : null;

  return (
    <div className="space-y-3">
      {actions.length === 0 ? (
        <p className="flex items-center gap-2 text-sm text-fg-muted">
          <CheckCheck aria-hidden className="size-4" />
          This incident is closed; you can still add notes.
        </p>
      ) : (
        <div role="group" aria-label="Incident actions" className="flex flex-wrap gap-2">
          {actions.map((action) => (
            <Button
              key={action}
              variant={primary[incident.status] === action ? 'primary' : action === 'escalate' ? 'danger' : 'secondary'}
              onClick={() => mutation.mutate(action)}
              disabled={mutation.isPending}
            >
              {mutation.isPending && mutation.variables === action ? <Spinner /> : icons[action]}
              {ACTION_LABELS[action]}
            </Button>
          ))}
        </div>
      )}
      <p aria-live="polite" className="sr-only">
        {done ? `Incident ${ACTION_DONE[done]}.` : ''}
      </p>
      {mutation.isError && (
        <Alert tone="danger" title={`Could not ${mutation.variables ?? 'update'} the incident`} live>
          {mutation.error.message}
        </Alert>
      )}
    </div>
  );
}
