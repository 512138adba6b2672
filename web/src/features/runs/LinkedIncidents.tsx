import { Link } from 'react-router';
import type { IncidentRunLink } from '../../api/types';
import { formatDateTime, formatRelative } from '../../lib/format';
import { IncidentStatusBadge } from '../../entities/incident/IncidentBadges';
import { RunLinkBadge } from '../../entities/run/RunLinkBadge';

/** The incidents linked to a run: the one that started it, or those its failure opened. */
export function LinkedIncidents({ links }: { links: IncidentRunLink[] }) {
  if (links.length === 0) return <p className="text-sm text-fg-muted">No incident is linked to this run.</p>;
  return (
    <ul className="divide-y divide-line" aria-label="Linked incidents">
      {links.map((link) => (
        <li key={`${link.incidentId}/${link.relation}`} className="space-y-1.5 py-2.5 first:pt-0 last:pb-0">
          <Link to={`/incidents/${encodeURIComponent(link.incidentId)}`} className="block text-sm font-medium break-words text-link hover:underline">
            {link.incidentTitle || 'Untitled incident'}
          </Link>
          <div className="flex flex-wrap items-center gap-1.5">
            <IncidentStatusBadge status={link.incidentStatus} />
            <RunLinkBadge relation={link.relation} side="run" />
          </div>
          <time dateTime={link.createdAt} title={formatDateTime(link.createdAt)} className="block text-xs text-fg-muted">
            Linked {formatRelative(link.createdAt)}
          </time>
        </li>
      ))}
    </ul>
  );
}
