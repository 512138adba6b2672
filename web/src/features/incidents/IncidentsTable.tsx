import { Link } from 'react-router';
import type { Incident } from '../../api/types';
import { DataTable, type Column } from '../../components/ui/DataTable';
import { ShortId } from '../../components/ui/Mono';
import { RelativeTime } from '../../components/ui/RelativeTime';
import { IncidentStatusBadge, SeverityBadge } from '../../entities/incident/IncidentBadges';
import { useNow } from '../../hooks/useNow';
import { formatRelative } from '../../lib/format';
import { SlaSummary } from './SlaCell';

export function IncidentsTable({ incidents, caption }: { incidents: Incident[]; caption: string }) {
  const now = useNow(1_000).getTime();
  const columns: Column<Incident>[] = [
    {
      id: 'incident',
      header: 'Incident',
      cellClassName: 'max-w-md',
      cell: (incident) => (
        <>
          <Link to={`/incidents/${encodeURIComponent(incident.id)}`} className="font-medium break-words text-link hover:underline">
            {incident.title}
          </Link>
          <div className="text-xs text-fg-muted">
            {incident.serviceName || 'Unknown service'} ·{' '}
            <ShortId id={incident.id} />
            {incident.alertCount > 1 && <> · {incident.alertCount} alerts</>}
            <span className="sm:hidden"> · {formatRelative(incident.createdAt)}</span>
          </div>
        </>
      ),
    },
    { id: 'severity', header: 'Severity', cell: (incident) => <SeverityBadge severity={incident.severity} /> },
    { id: 'status', header: 'Status', cell: (incident) => <IncidentStatusBadge status={incident.status} /> },
    {
      id: 'sla',
      header: 'SLA',
      className: 'hidden lg:table-cell',
      cellClassName: 'whitespace-nowrap',
      cell: (incident) => <SlaSummary incident={incident} now={now} />,
    },
    {
      id: 'level',
      header: 'Level',
      className: 'hidden md:table-cell',
      cellClassName: 'font-mono tabular-nums',
      cell: (incident) => (
        <>
          {incident.escalationLevel > 0 ? `L${incident.escalationLevel}` : '—'}
          {incident.escalationRound > 0 && <span className="text-fg-muted"> · r{incident.escalationRound + 1}</span>}
        </>
      ),
    },
    {
      id: 'created',
      header: 'Created',
      className: 'hidden sm:table-cell',
      cellClassName: 'whitespace-nowrap text-fg-muted',
      cell: (incident) => <RelativeTime at={incident.createdAt} />,
    },
  ];
  return <DataTable caption={caption} columns={columns} rows={incidents} rowKey={(incident) => incident.id} />;
}
