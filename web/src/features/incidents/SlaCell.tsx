import { TimerOff } from 'lucide-react';
import type { Incident } from '../../api/types';
import { Badge } from '../../components/ui/Badge';
import { deadlineView } from '../../lib/time';

/** The most pressing SLA fact of an incident, for lists and cards. */
export function SlaSummary({ incident, now }: { incident: Incident; now: number }) {
  if (incident.ackBreached || incident.resolveBreached) {
    return (
      <Badge tone="danger" icon={<TimerOff aria-hidden />}>
        {incident.ackBreached && incident.resolveBreached ? 'SLA breached' : incident.ackBreached ? 'Ack SLA breached' : 'Resolve SLA breached'}
      </Badge>
    );
  }
  const open = !incident.resolvedAt && incident.status !== 'closed' && incident.status !== 'resolved';
  if (!open) return <span className="text-fg-muted">—</span>;
  const ack = !incident.acknowledgedAt && incident.ackDeadline ? deadlineView(incident.ackDeadline, null, false, now, incident.createdAt) : null;
  const view = ack ?? (incident.resolveDeadline ? deadlineView(incident.resolveDeadline, null, false, now, incident.createdAt) : null);
  if (!view) return <span className="text-fg-muted">No SLA</span>;
  return (
    <span className={view.urgent ? 'font-medium text-danger' : 'text-fg-muted'}>
      <span className="font-mono tabular-nums">{view.text}</span> {ack ? 'to ack' : 'to resolve'}
    </span>
  );
}
