import { Link } from 'react-router';
import type { Incident } from '../../api/types';
import { td, th } from '../../components/ui/table';
import { useNow } from '../../hooks/useNow';
import { formatDateTime, formatRelative } from '../../lib/format';
import { shortId } from '../../lib/format';
import { IncidentStatusBadge, SeverityBadge } from '../../entities/incident/IncidentBadges';
import { SlaSummary } from './SlaCell';

export function IncidentsTable({ incidents, caption }: { incidents: Incident[]; caption: string }) {
  const now = useNow(1_000).getTime();
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-line bg-subtle">
          <tr>
            <th scope="col" className={th}>
              Incident
            </th>
            <th scope="col" className={th}>
              Severity
            </th>
            <th scope="col" className={th}>
              Status
            </th>
            <th scope="col" className={`${th} hidden lg:table-cell`}>
              SLA
            </th>
            <th scope="col" className={`${th} hidden md:table-cell`}>
              Level
            </th>
            <th scope="col" className={`${th} hidden sm:table-cell`}>
              Created
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {incidents.map((incident) => (
            <tr key={incident.id} className="hover:bg-subtle/60">
              <td className={`${td} max-w-md`}>
                <Link to={`/incidents/${encodeURIComponent(incident.id)}`} className="font-medium break-words text-link hover:underline">
                  {incident.title}
                </Link>
                <div className="text-xs text-fg-muted">
                  {incident.serviceName || 'Unknown service'} ·{' '}
                  <span className="font-mono" title={incident.id}>
                    {shortId(incident.id)}
                  </span>
                  {incident.alertCount > 1 && <> · {incident.alertCount} alerts</>}
                  <span className="sm:hidden"> · {formatRelative(incident.createdAt)}</span>
                </div>
              </td>
              <td className={td}>
                <SeverityBadge severity={incident.severity} />
              </td>
              <td className={td}>
                <IncidentStatusBadge status={incident.status} />
              </td>
              <td className={`${td} hidden whitespace-nowrap lg:table-cell`}>
                <SlaSummary incident={incident} now={now} />
              </td>
              <td className={`${td} hidden font-mono tabular-nums md:table-cell`}>
                {incident.escalationLevel > 0 ? `L${incident.escalationLevel}` : '—'}
                {incident.escalationRound > 0 && <span className="text-fg-muted"> · r{incident.escalationRound + 1}</span>}
              </td>
              <td className={`${td} hidden whitespace-nowrap text-fg-muted sm:table-cell`}>
                <time dateTime={incident.createdAt} title={formatDateTime(incident.createdAt)}>
                  {formatRelative(incident.createdAt)}
                </time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
