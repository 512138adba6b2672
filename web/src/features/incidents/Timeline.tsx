import {
  ArrowRightLeft,
  ArrowUpCircle,
  BellRing,
  CircleAlert,
  CircleSlash,
  CircleX,
  MessageSquare,
  Paperclip,
  PlayCircle,
  TimerOff,
  UserRoundCog,
  UserX,
  type LucideIcon,
} from 'lucide-react';
import { Link } from 'react-router';
import { normaliseRecipients } from '../../entities/incident/normalise';
import type { PageRecipient, TimelineEvent } from '../../api/types';
import { Badge } from '../../components/ui/Badge';
import { cn } from '../../lib/cn';
import { formatDateTime, formatRelative } from '../../lib/format';
import { statusLabel } from '../../entities/incident/labels';

const looks: Record<string, { icon: LucideIcon; label: string; tone: string }> = {
  triggered: { icon: CircleAlert, label: 'Triggered', tone: 'bg-danger-soft text-danger' },
  status_changed: { icon: ArrowRightLeft, label: 'Status changed', tone: 'bg-info-soft text-info' },
  escalated: { icon: ArrowUpCircle, label: 'Escalated', tone: 'bg-warning-soft text-warning' },
  notified: { icon: BellRing, label: 'Paged', tone: 'bg-warning-soft text-warning' },
  sla_breached: { icon: TimerOff, label: 'SLA breached', tone: 'bg-danger-soft text-danger' },
  comment: { icon: MessageSquare, label: 'Note', tone: 'bg-subtle text-fg' },
  reassigned: { icon: UserRoundCog, label: 'Reassigned', tone: 'bg-info-soft text-info' },
  alert_attached: { icon: Paperclip, label: 'Alert attached', tone: 'bg-subtle text-fg' },
  playbook_started: { icon: PlayCircle, label: 'Playbook started', tone: 'bg-info-soft text-info' },
  playbook_skipped: { icon: CircleSlash, label: 'Playbook skipped', tone: 'bg-warning-soft text-warning' },
  playbook_failure: { icon: CircleX, label: 'Playbook failed', tone: 'bg-danger-soft text-danger' },
  playbook_approval_timeout: { icon: UserX, label: 'Playbook approval timed out', tone: 'bg-warning-soft text-warning' },
};

const fallback = { icon: CircleAlert, label: 'Event', tone: 'bg-subtle text-fg' };

const reasons: Record<string, string> = {
  triggered: 'the incident was triggered',
  escalated: 'nobody acknowledged within the level delay',
  escalate_now: 'someone asked to escalate now',
  sla_ack_breached: 'the acknowledge deadline was missed',
  sla_resolve_breached: 'the resolve deadline was missed',
  reopened: 'the incident was reopened',
};

function reasonText(reason: string): string {
  return reasons[reason] ?? reason.replace(/_/g, ' ');
}

export function RecipientList({ recipients }: { recipients: PageRecipient[] }) {
  if (recipients.length === 0) return <p className="text-xs text-fg-muted">Nobody could be reached.</p>;
  return (
    <ul className="mt-1 space-y-1" aria-label="Recipients">
      {recipients.map((r, i) => (
        <li key={i} className="flex flex-wrap items-center gap-x-2 gap-y-0.5 text-xs">
          <span className="rounded bg-subtle px-1.5 py-0.5 font-mono">{r.channel || '?'}</span>
          <span className="font-mono break-all">{r.target || '—'}</span>
          <Badge tone={r.status === 'sent' ? 'success' : r.status === 'failed' ? 'danger' : 'neutral'}>{r.status || 'unknown'}</Badge>
          {r.error && <span className="text-danger">{r.error}</span>}
        </li>
      ))}
    </ul>
  );
}

function EventDetails({ event, nameOf }: { event: TimelineEvent; nameOf: (id: string) => string }) {
  const d = event.details ?? {};
  const parts: string[] = [];
  if (typeof d.level === 'number' && d.level > 0) parts.push(`level ${d.level}`);
  if (typeof d.round === 'number' && d.round > 0) parts.push(`round ${d.round + 1}`);
  if (typeof d.reason === 'string' && d.reason) parts.push(`because ${reasonText(d.reason)}`);
  const recipients = 'recipients' in d ? normaliseRecipients(d.recipients) : null;
  const next = typeof d.nextEscalationAt === 'string' ? d.nextEscalationAt : null;
  const error = typeof d.error === 'string' && d.error ? d.error : null;
  const from = typeof d.from === 'string' ? d.from : null;
  const to = typeof d.to === 'string' ? d.to : null;
  const runId = event.type.startsWith('playbook_') && typeof d.runId === 'string' && d.runId ? d.runId : null;
  const playbook = typeof d.playbook === 'string' && d.playbook ? d.playbook : null;
  return (
    <>
      {runId && (
        <p className="mt-1 text-xs">
          <Link to={`/runs/${encodeURIComponent(runId)}`} className="text-link underline underline-offset-2 hover:no-underline">
            View the {playbook ?? 'playbook'} run
          </Link>
        </p>
      )}

      {parts.length > 0 && <p className="text-xs text-fg-muted">{parts.join(' · ')}</p>}
      {recipients && <RecipientList recipients={recipients} />}
      {next && (
        <p className="mt-1 text-xs text-fg-muted">
          Next level at <time dateTime={next}>{formatDateTime(next)}</time> unless acknowledged
        </p>
      )}
      {event.type === 'status_changed' && from && to && (
        <p className="text-xs text-fg-muted">
          {statusLabel(from)} → {statusLabel(to)}
        </p>
      )}
      {event.type === 'reassigned' && typeof d.assigneeId === 'string' && (
        <p className="text-xs text-fg-muted">
          to <span className={nameOf(d.assigneeId) === d.assigneeId ? 'font-mono' : undefined}>{nameOf(d.assigneeId)}</span>
        </p>
      )}
      {error && <p className="mt-1 text-xs text-danger">{error}</p>}
    </>
  );
}

/** What happened to the incident, oldest first: who was paged, when and why. */
export function Timeline({ events, nameOf = (id) => id }: { events: TimelineEvent[]; nameOf?: (userId: string) => string }) {
  if (events.length === 0) return <p className="text-sm text-fg-muted">Nothing recorded yet.</p>;
  return (
    <ol className="relative space-y-5 before:absolute before:top-2 before:bottom-2 before:left-4 before:w-px before:bg-line">
      {events.map((event) => {
        const look = looks[event.type] ?? fallback;
        const Icon = look.icon;
        const isNote = event.type === 'comment';
        return (
          <li key={event.id} className="relative flex gap-3" data-event-type={event.type}>
            <span className={cn('z-10 grid size-8 shrink-0 place-items-center rounded-full ring-4 ring-surface', look.tone)}>
              <Icon aria-hidden className="size-4" />
            </span>
            <div className="min-w-0 flex-1 pt-1">
              <p className="flex flex-wrap items-baseline gap-x-2 text-sm">
                <span className="font-medium">{look.label}</span>
                <span className="text-fg-muted">by {event.actor || 'system'}</span>
                <time dateTime={event.at} title={formatDateTime(event.at)} className="text-xs text-fg-muted">
                  {formatDateTime(event.at)} ({formatRelative(event.at)})
                </time>
              </p>
              {event.message && !(event.type === 'status_changed' && event.details?.from && event.details?.to) && !(event.type === 'reassigned' && event.message === 'reassigned') && (
                <p className={cn('text-sm break-words', isNote ? 'mt-1 rounded-md bg-subtle px-3 py-2 whitespace-pre-wrap' : 'text-fg-muted')}>
                  {event.message}
                </p>
              )}
              <EventDetails event={event} nameOf={nameOf} />
            </div>
          </li>
        );
      })}
    </ol>
  );
}
