import type { ReactNode } from 'react';
import type { Run } from '../../api/types';
import { isRunActive } from '../../api/types';
import { useNow } from '../../hooks/useNow';
import { durationBetween, formatDateTime, formatDuration, formatRelative } from '../../lib/format';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-4 py-2 first:pt-0 last:pb-0">
      <dt className="text-sm text-fg-muted">{label}</dt>
      <dd className="text-right text-sm">{children}</dd>
    </div>
  );
}

function Instant({ value, empty }: { value: string | null | undefined; empty: string }) {
  if (!value) return <span className="text-fg-muted">{empty}</span>;
  return (
    <time dateTime={value} title={formatRelative(value)} className="font-mono text-xs tabular-nums">
      {formatDateTime(value)}
    </time>
  );
}

/** Created / started / finished instants with queue time and run time. */
export function RunTimings({ run }: { run: Run }) {
  const active = isRunActive(run.status);
  const now = useNow(active ? 1_000 : 60_000); // live clock only while the run can change
  const queued = durationBetween(run.createdAt, run.startedAt, now);
  const took = run.startedAt ? durationBetween(run.startedAt, run.finishedAt, now) : undefined;
  return (
    <dl className="divide-y divide-line">
      <Row label="Created">
        <Instant value={run.createdAt} empty="—" />
      </Row>
      <Row label="Started">
        <Instant value={run.startedAt} empty="Not started" />
      </Row>
      <Row label="Finished">
        <Instant value={run.finishedAt} empty={active ? 'In progress' : '—'} />
      </Row>
      <Row label="Waited">
        <span className="font-mono tabular-nums">{queued === undefined ? '—' : formatDuration(queued)}</span>
      </Row>
      <Row label={run.finishedAt ? 'Took' : 'Running for'}>
        <span className="font-mono tabular-nums">{took === undefined ? '—' : formatDuration(took)}</span>
      </Row>
    </dl>
  );
}
