import { Link } from 'react-router';
import type { Run } from '../../api/types';
import { durationBetween, formatDateTime, formatDuration, formatRelative, shortId } from '../../lib/format';
import { RunStatusBadge } from './RunStatusBadge';
import { UnreachableBadge } from './UnreachableServers';

interface RunsTableProps {
  runs: Run[];
  caption: string;
  /** Fewer columns, for the Overview page. */
  compact?: boolean;
}

const th = 'px-4 py-2.5 text-left text-xs font-medium tracking-wide text-fg-muted uppercase';
const td = 'px-4 py-3 align-middle';

export function RunsTable({ runs, caption, compact = false }: RunsTableProps) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-line bg-subtle">
          <tr>
            <th scope="col" className={th}>
              Run
            </th>
            <th scope="col" className={th}>
              Status
            </th>
            {!compact && (
              <th scope="col" className={`${th} hidden md:table-cell`}>
                Requested by
              </th>
            )}
            <th scope="col" className={`${th} hidden sm:table-cell`}>
              Created
            </th>
            {!compact && (
              <th scope="col" className={`${th} hidden sm:table-cell`}>
                Duration
              </th>
            )}
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {runs.map((run) => (
            <tr key={run.id} className="hover:bg-subtle/60">
              <td className={td}>
                <Link
                  to={`/runs/${encodeURIComponent(run.id)}`}
                  className="font-medium whitespace-nowrap text-link hover:underline"
                >
                  {run.playbook}
                </Link>
                <div className="text-xs whitespace-nowrap text-fg-muted">
                  <span className="font-mono" title={run.id}>
                    {shortId(run.id)}
                  </span>
                  {/* On phones the Created column is hidden; its value moves here. */}
                  <span className="sm:hidden"> · {formatRelative(run.createdAt)}</span>
                </div>
              </td>
              <td className={td}>
                <span className="flex flex-wrap items-center gap-1.5">
                  <RunStatusBadge status={run.status} />
                  <UnreachableBadge result={run.result} />
                </span>
              </td>
              {!compact && <td className={`${td} hidden text-fg-muted md:table-cell`}>{run.requestedBy || '—'}</td>}
              <td className={`${td} hidden whitespace-nowrap text-fg-muted sm:table-cell`}>
                <time dateTime={run.createdAt} title={formatDateTime(run.createdAt)}>
                  {formatRelative(run.createdAt)}
                </time>
              </td>
              {!compact && (
                <td className={`${td} hidden font-mono whitespace-nowrap tabular-nums sm:table-cell`}>
                  {run.startedAt ? formatDuration(durationBetween(run.startedAt, run.finishedAt) ?? NaN) : '—'}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
