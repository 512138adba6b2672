import type { IncidentNotification } from '../../api/types';
import { Badge } from '../../components/ui/Badge';
import { td, th } from '../../components/ui/table';
import { formatDateTime } from '../../lib/format';

/** Every delivery of every page: one row per recipient. */
export function NotificationsTable({ notifications }: { notifications: IncidentNotification[] }) {
  if (notifications.length === 0) return <p className="text-sm text-fg-muted">No notifications sent yet.</p>;
  return (
    <div className="-m-4 overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">Notifications sent for this incident</caption>
        <thead className="border-b border-line bg-subtle">
          <tr>
            <th scope="col" className={th}>
              Recipient
            </th>
            <th scope="col" className={th}>
              Level
            </th>
            <th scope="col" className={th}>
              Status
            </th>
            <th scope="col" className={`${th} hidden md:table-cell`}>
              Reason
            </th>
            <th scope="col" className={`${th} hidden sm:table-cell`}>
              Sent
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {notifications.map((n) => (
            <tr key={n.id}>
              <td className={td}>
                <span className="mr-1.5 rounded bg-subtle px-1.5 py-0.5 font-mono text-xs">{n.channel}</span>
                <span className="font-mono text-xs break-all">{n.target}</span>
                {n.lastError && <p className="mt-1 text-xs text-danger">{n.lastError}</p>}
              </td>
              <td className={`${td} font-mono tabular-nums`}>{n.level}</td>
              <td className={td}>
                <Badge tone={n.status === 'sent' ? 'success' : n.status === 'failed' ? 'danger' : 'neutral'}>{n.status}</Badge>
                {n.attempts > 1 && <span className="ml-1 text-xs text-fg-muted">{n.attempts} attempts</span>}
              </td>
              <td className={`${td} hidden text-fg-muted md:table-cell`}>{n.reason.replace(/_/g, ' ')}</td>
              <td className={`${td} hidden font-mono text-xs whitespace-nowrap sm:table-cell`}>
                {n.sentAt ? formatDateTime(n.sentAt) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
