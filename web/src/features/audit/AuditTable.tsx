import { ChevronDown, ChevronRight } from 'lucide-react';
import { useState } from 'react';
import type { AuditEntry } from '../../api/types';
import { Badge, type Tone } from '../../components/ui/Badge';
import { DataTable, type Column } from '../../components/ui/DataTable';
import { RelativeTime } from '../../components/ui/RelativeTime';
import { KeyValueList } from '../../components/ui/ValueView';
import { formatDateTime, formatRelative, shortId } from '../../lib/format';

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

  const columns: Column<AuditEntry>[] = [
    {
      id: 'action',
      header: 'Action',
      cell: (entry) => {
        const expanded = open.has(entry.id);
        return (
          <>
            <button
              type="button"
              aria-expanded={expanded}
              aria-controls={`audit-${entry.id}`}
              onClick={() => toggle(entry.id)}
              className="inline-flex items-start gap-1 text-left font-mono text-link hover:underline"
            >
              {expanded ? <ChevronDown aria-hidden className="mt-0.5 size-4 shrink-0" /> : <ChevronRight aria-hidden className="mt-0.5 size-4 shrink-0" />}
              <span className="break-words">{entry.action}</span>
            </button>
            {/* On phones the actor and time columns are hidden; their values move here. */}
            <div className="mt-0.5 pl-5 text-xs text-fg-muted sm:hidden">
              {entry.actorName || entry.actorType} · {formatRelative(entry.at)}
            </div>
          </>
        );
      },
    },
    {
      id: 'actor',
      header: 'Actor',
      className: 'hidden sm:table-cell',
      cell: (entry) => (
        <>
          <div className="break-words">{entry.actorName || '—'}</div>
          <div className="text-xs text-fg-muted">{entry.actorType}</div>
        </>
      ),
    },
    {
      id: 'target',
      header: 'Target',
      className: 'hidden md:table-cell',
      cell: (entry) =>
        entry.targetType ? (
          <>
            <div>{entry.targetType}</div>
            {/* IDs are long; the full one is in the details. */}
            <div className="font-mono text-xs whitespace-nowrap text-fg-muted" title={entry.targetId}>
              {shortId(entry.targetId)}
            </div>
          </>
        ) : (
          <span className="text-fg-muted">—</span>
        ),
    },
    { id: 'outcome', header: 'Outcome', cell: (entry) => <OutcomeBadge outcome={entry.outcome} /> },
    {
      id: 'when',
      header: 'When',
      className: 'hidden sm:table-cell',
      cellClassName: 'whitespace-nowrap text-fg-muted',
      cell: (entry) => <RelativeTime at={entry.at} />,
    },
  ];
  const details = (entry: AuditEntry) =>
    open.has(entry.id) && (
      <tr id={`audit-${entry.id}`} className="bg-subtle/40">
        <td colSpan={columns.length} className="px-4 py-4">
          <EntryDetails entry={entry} onFilterActor={onFilterActor} />
        </td>
      </tr>
    );
  return (
    <DataTable
      caption="Audit log entries, newest first"
      columns={columns}
      rows={entries}
      rowKey={(entry) => entry.id}
      alignTop
      renderAfterRow={details}
    />
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
