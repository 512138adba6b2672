import { GripVertical } from 'lucide-react';
import type { HTMLAttributes, Ref } from 'react';
import { Link } from 'react-router';
import type { Incident } from '../../api/types';
import { cn } from '../../lib/cn';
import { formatRelative } from '../../lib/format';
import { shortId } from '../../lib/format';
import { SeverityBadge } from '../../entities/incident/IncidentBadges';
import { SlaSummary } from './SlaCell';

interface IncidentCardProps {
  incident: Incident;
  now: number;
  /** Props of the drag handle (dnd-kit listeners and attributes); none when the user may not move cards. */
  handleProps?: HTMLAttributes<HTMLButtonElement> & { ref?: Ref<HTMLButtonElement> };
  dragging?: boolean;
  overlay?: boolean;
}

/** One incident on the board: a drag handle, its title (a link) and the facts that matter when triaging. */
export function IncidentCard({ incident, now, handleProps, dragging = false, overlay = false }: IncidentCardProps) {
  return (
    <div
      className={cn(
        'flex gap-2 rounded-md border border-line bg-surface p-3 text-sm shadow-card',
        dragging && 'opacity-40',
        overlay && 'rotate-1 border-line-strong shadow-lg',
      )}
    >
      {handleProps && (
        <button
          type="button"
          {...handleProps}
          className="-my-1 -ml-1 flex w-6 shrink-0 cursor-grab touch-none items-start justify-center rounded pt-1 text-fg-muted hover:bg-subtle hover:text-fg focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring active:cursor-grabbing"
        >
          <GripVertical aria-hidden className="size-4" />
        </button>
      )}
      <div className="min-w-0 flex-1 space-y-2">
        <div className="flex items-start justify-between gap-2">
          {overlay ? (
            <span className="font-medium break-words">{incident.title}</span>
          ) : (
            <Link to={`/incidents/${encodeURIComponent(incident.id)}`} className="font-medium break-words text-link hover:underline">
              {incident.title}
            </Link>
          )}
        </div>
        <div className="flex flex-wrap items-center gap-1.5">
          <SeverityBadge severity={incident.severity} />
          {incident.escalationLevel > 0 && (
            <span className="rounded bg-subtle px-1.5 py-0.5 font-mono text-xs">L{incident.escalationLevel}</span>
          )}
        </div>
        <p className="text-xs text-fg-muted">
          {incident.serviceName || 'Unknown service'} · <span className="font-mono">{shortId(incident.id)}</span> ·{' '}
          {formatRelative(incident.createdAt)}
        </p>
        <p className="text-xs">
          <SlaSummary incident={incident} now={now} />
        </p>
      </div>
    </div>
  );
}
