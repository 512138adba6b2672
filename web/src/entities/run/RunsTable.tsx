import { Link } from 'react-router';
import type { Run } from '../../api/types';
import { DataTable, type Column } from '../../components/ui/DataTable';
import { ShortId } from '../../components/ui/Mono';
import { RelativeTime } from '../../components/ui/RelativeTime';
import { durationBetween, formatDuration, formatRelative } from '../../lib/format';
import { RunStatusBadge } from './RunStatusBadge';
import { UnreachableBadge } from './UnreachableServers';

interface RunsTableProps {
  runs: Run[];
  caption: string;
  /** Fewer columns, for the Overview page. */
  compact?: boolean;
}

const columns: Column<Run>[] = [
  {
    id: 'run',
    header: 'Run',
    cell: (run) => (
      <>
        <Link to={`/runs/${encodeURIComponent(run.id)}`} className="font-medium whitespace-nowrap text-link hover:underline">
          {run.playbook}
        </Link>
        <div className="text-xs whitespace-nowrap text-fg-muted">
          <ShortId id={run.id} />
          {/* On phones the Created column is hidden; its value moves here. */}
          <span className="sm:hidden"> · {formatRelative(run.createdAt)}</span>
        </div>
      </>
    ),
  },
  {
    id: 'status',
    header: 'Status',
    cell: (run) => (
      <span className="flex flex-wrap items-center gap-1.5">
        <RunStatusBadge status={run.status} />
        <UnreachableBadge result={run.result} />
      </span>
    ),
  },
  { id: 'requestedBy', header: 'Requested by', className: 'hidden md:table-cell', cellClassName: 'text-fg-muted', cell: (run) => run.requestedBy || '—' },
  {
    id: 'created',
    header: 'Created',
    className: 'hidden sm:table-cell',
    cellClassName: 'whitespace-nowrap text-fg-muted',
    cell: (run) => <RelativeTime at={run.createdAt} />,
  },
  {
    id: 'duration',
    header: 'Duration',
    className: 'hidden sm:table-cell',
    cellClassName: 'font-mono whitespace-nowrap tabular-nums',
    cell: (run) => (run.startedAt ? formatDuration(durationBetween(run.startedAt, run.finishedAt) ?? NaN) : '—'),
  },
];

const compactColumns = columns.filter((column) => column.id !== 'requestedBy' && column.id !== 'duration');

export function RunsTable({ runs, caption, compact = false }: RunsTableProps) {
  return <DataTable caption={caption} columns={compact ? compactColumns : columns} rows={runs} rowKey={(run) => run.id} />;
}
