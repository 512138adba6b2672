import { ChevronDown, ChevronRight } from 'lucide-react';
import { Fragment, useState } from 'react';
import type { AuditEntry } from '../../api/types';
import { Badge, type Tone } from '../../components/ui/Badge';
import { tdTop as td, th } from '../../components/ui/table';
import { KeyValueList } from '../../components/ui/ValueView';
import { formatDateTime, formatRelative } from '../../lib/format';
import { shortId } from '../../lib/format';

const outcomeTones: Record<string, Tone> = { success: 'success', failure: 'danger', denied: 'warning' };

function OutcomeBadge({ outcome }: { outcome: string }) {
  return <Badge tone={outcomeTones[outcome] ?? 'neutral'}>{outcome.charAt(0).toUpperCase() + outcome.slice(1)}</Badge>;
}

interface AuditTableProps {
  entries: AuditEntry[];
  onFilterActor: (actorId: string) => void;
}

export function AuditTable({ entries, onFilterActor }: AuditTableProps) {
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">Audit log entries, newest first</caption>
        <thead className="border-b border-line bg-subtle">
          <tr>
            <th scope="col" className={th}>
              Action
            </th>
            <th scope="col" className={`${th} hidden sm:table-cell`}>
              Actor
            </th>
            <th scope="col" className={`${th} hidden md:table-cell`}>
              Target
            </th>
            <th scope="col" className={th}>
              Outcome
            </th>
            <th scope="col" className={`${th} hidden sm:table-cell`}>
              When
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-line">
          {entries.map((entry) => {
            const expanded = open.has(entry.id);
            const detailsId = `audit-${entry.id}`;
            return (
              <Fragment key={entry.id}>
                <tr className="hover:bg-subtle/60">
                  <td className={td}>
                    <button
                      type="button"
                      aria-expanded={expanded}
                      aria-controls={detailsId}
                      onClick={() => toggle(entry.id)}
                      className="inline-flex items-start gap-1 text-left font-mono text-link hover:underline"
                    >
                      {expanded ? (
                        <ChevronDown aria-hidden className="mt-0.5 size-4 shrink-0" />
                      ) : (
                        <ChevronRight aria-hidden className="mt-0.5 size-4 shrink-0" />
                      )}
                      <span className="break-words">{entry.action}</span>
                    </button>
                    {/* On phones the actor and time columns are hidden; their values move here. */}
                    <div className="mt-0.5 pl-5 text-xs text-fg-muted sm:hidden">
                      {entry.actorName || entry.actorType} · {formatRelative(entry.at)}
                    </div>
                  </td>
                  <td className={`${td} hidden sm:table-cell`}>
                    <div className="break-words">{entry.actorName || '—'}</div>
                    <div className="text-xs text-fg-muted">{entry.actorType}</div>
                  </td>
                  <td className={`${td} hidden md:table-cell`}>
                    {entry.targetType ? (
                      <>
                        <div>{entry.targetType}</div>
                        {/* IDs are long; the full one is in the details. */}
                        <div className="font-mono text-xs whitespace-nowrap text-fg-muted" title={entry.targetId}>
                          {shortId(entry.targetId)}
                        </div>
                      </>
                    ) : (
                      <span className="text-fg-muted">—</span>
                    )}
                  </td>
                  <td className={td}>
                    <OutcomeBadge outcome={entry.outcome} />
                  </td>
                  <td className={`${td} hidden whitespace-nowrap text-fg-muted sm:table-cell`}>
                    <time dateTime={entry.at} title={formatDateTime(entry.at)}>
                      {formatRelative(entry.at)}
                    </time>
                  </td>
                </tr>
                {expanded && (
                  <tr id={detailsId} className="bg-subtle/40">
                    <td colSpan={5} className="px-4 py-4">
                      <EntryDetails entry={entry} onFilterActor={onFilterActor} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function EntryDetails({ entry, onFilterActor }: { entry: AuditEntry; onFilterActor: (actorId: string) => void }) {
  const facts: Record<string, unknown> = {
    time: formatDateTime(entry.at),
    actor: `${entry.actorName || '—'} (${entry.actorType})`,
    actorId: entry.actorId || null,
    target: entry.targetType ? `${entry.targetType} ${entry.targetId}` : null,
    requestId: entry.requestId,
    clientIp: entry.clientIp,
    userAgent: entry.userAgent,
  };
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <div>
        <KeyValueList data={facts} />
        {entry.actorId && (
          <button type="button" onClick={() => onFilterActor(entry.actorId)} className="mt-3 text-sm text-link hover:underline">
            Show only this actor’s entries
          </button>
        )}
      </div>
      <div>
        <h3 className="mb-2 text-xs font-medium tracking-wide text-fg-muted uppercase">Summary</h3>
        {entry.summary && Object.keys(entry.summary).length > 0 ? (
          <KeyValueList data={entry.summary} />
        ) : (
          <p className="text-sm text-fg-muted">No further details.</p>
        )}
      </div>
    </div>
  );
}
