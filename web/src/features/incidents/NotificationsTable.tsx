import type { IncidentNotification } from '../../api/types';
import { Badge } from '../../components/ui/Badge';
import { DataTable, type Column } from '../../components/ui/DataTable';
import { formatDateTime } from '../../lib/format';

const columns: Column<IncidentNotification>[] = [
  {
    id: 'recipient',
    header: 'Recipient',
    cell: (n) => (
      <>
        <span className="mr-1.5 rounded bg-subtle px-1.5 py-0.5 font-mono text-xs">{n.channel}</span>
        <span className="font-mono text-xs break-all">{n.target}</span>
        {n.lastError && <p className="mt-1 text-xs text-danger">{n.lastError}</p>}
      </>
    ),
  },
  { id: 'level', header: 'Level', cellClassName: 'font-mono tabular-nums', cell: (n) => n.level },
  {
    id: 'status',
    header: 'Status',
    cell: (n) => (
      <>
        <Badge tone={n.status === 'sent' ? 'success' : n.status === 'failed' ? 'danger' : 'neutral'}>{n.status}</Badge>
        {n.attempts > 1 && <span className="ml-1 text-xs text-fg-muted">{n.attempts} attempts</span>}
      </>
    ),
  },
  { id: 'reason', header: 'Reason', className: 'hidden md:table-cell', cellClassName: 'text-fg-muted', cell: (n) => n.reason.replace(/_/g, ' ') },
  {
    id: 'sent',
    header: 'Sent',
    className: 'hidden sm:table-cell',
    cellClassName: 'font-mono text-xs whitespace-nowrap',
    cell: (n) => (n.sentAt ? formatDateTime(n.sentAt) : '—'),
  },
];

/** Every delivery of every page: one row per recipient. */
export function NotificationsTable({ notifications }: { notifications: IncidentNotification[] }) {
  return (
    <DataTable
      caption="Notifications sent for this incident"
      className="-m-4"
      columns={columns}
      rows={notifications}
      rowKey={(n) => n.id}
      hover={false}
      empty={<p className="text-sm text-fg-muted">No notifications sent yet.</p>}
    />
  );
}
