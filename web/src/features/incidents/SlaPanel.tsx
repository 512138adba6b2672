import { CircleCheck, Clock, TimerOff } from 'lucide-react';
import type { Incident } from '../../api/types';
import { useNow } from '../../hooks/useNow';
import { cn } from '../../lib/cn';
import { formatDateTime } from '../../lib/format';
import { deadlineView, relativeSpan, type DeadlineView } from '../../lib/time';

function Deadline({ label, deadline, view }: { label: string; deadline: string | null | undefined; view: DeadlineView }) {
  const icon =
    view.state === 'met' ? <CircleCheck aria-hidden /> : view.state === 'breached' ? <TimerOff aria-hidden /> : <Clock aria-hidden />;
  return (
    <div
      className={cn(
        'rounded-md border p-3 [&_svg]:size-4',
        view.state === 'breached' ? 'border-danger/40 bg-danger-soft' : view.urgent ? 'border-warning/40 bg-warning-soft' : 'border-line',
      )}
      data-testid={`sla-${label.toLowerCase()}`}
    >
      <p className="text-xs font-medium tracking-wide text-fg-muted uppercase">{label}</p>
      <p
        className={cn(
          'mt-1 flex items-center gap-1.5 font-mono text-lg font-semibold tabular-nums',
          view.state === 'breached' && 'text-danger',
          view.state === 'met' && 'text-success',
          view.state === 'pending' && view.urgent && 'text-warning',
        )}
      >
        {icon}
        {view.text}
      </p>
      {deadline && (
        <p className="mt-0.5 text-xs text-fg-muted">
          Due <time dateTime={deadline}>{formatDateTime(deadline)}</time>
          {view.state === 'breached' && ' · breached'}
        </p>
      )}
    </div>
  );
}

/** Acknowledge and resolve deadlines, counting down each second. */
export function SlaPanel({ incident }: { incident: Incident }) {
  const now = useNow(1_000).getTime();
  const ack = deadlineView(incident.ackDeadline, incident.acknowledgedAt, incident.ackBreached, now, incident.createdAt);
  const resolve = deadlineView(incident.resolveDeadline, incident.resolvedAt, incident.resolveBreached, now, incident.createdAt);
  if (ack.state === 'none' && resolve.state === 'none') {
    return <p className="text-sm text-fg-muted">This service has no SLA policy for {incident.severity} incidents.</p>;
  }
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <Deadline label="Acknowledge" deadline={incident.ackDeadline} view={ack} />
      <Deadline label="Resolve" deadline={incident.resolveDeadline} view={resolve} />
    </div>
  );
}

/** Escalation level and round, and when the next level is paged. */
export function EscalationPanel({ incident }: { incident: Incident }) {
  const now = useNow(1_000).getTime();
  const escalating = incident.status === 'triggered' && incident.nextEscalationAt;
  const lastPage = incident.pages?.[incident.pages.length - 1];
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-sm">
      <dt className="text-fg-muted">Level</dt>
      <dd className="font-mono tabular-nums">{incident.escalationLevel > 0 ? incident.escalationLevel : 'Not paged yet'}</dd>
      <dt className="text-fg-muted">Round</dt>
      <dd className="font-mono tabular-nums">{incident.escalationRound + 1}</dd>
      <dt className="text-fg-muted">Next escalation</dt>
      <dd>
        {escalating && incident.nextEscalationAt ? (
          <span data-testid="next-escalation">
            <span className="font-mono font-semibold tabular-nums">{relativeSpan(incident.nextEscalationAt, now)}</span>
            <span className="block text-xs text-fg-muted">
              <time dateTime={incident.nextEscalationAt}>{formatDateTime(incident.nextEscalationAt)}</time>
            </span>
          </span>
        ) : (
          <span className="text-fg-muted">
            {incident.status === 'triggered' ? 'None scheduled (last level reached)' : 'Stopped: the incident is ' + incident.status}
          </span>
        )}
      </dd>
      {lastPage && (
        <>
          <dt className="text-fg-muted">Last page</dt>
          <dd>
            <time dateTime={lastPage.at} className="font-mono text-xs">
              {formatDateTime(lastPage.at)}
            </time>
            <span className="block text-xs text-fg-muted">
              Level {lastPage.level} · {lastPage.reason.replace(/_/g, ' ')} · {lastPage.recipients.length} recipient
              {lastPage.recipients.length === 1 ? '' : 's'}
            </span>
          </dd>
        </>
      )}
    </dl>
  );
}
