import { CircleCheck, CircleX } from 'lucide-react';
import type { DependencyCheck } from '../../api/types';
import { Badge } from '../../components/ui/Badge';
import { Card } from '../../components/ui/Card';
import { cn } from '../../lib/cn';
import { dependencyInfo } from './dependencies';

function formatLatency(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms)} ms`;
}

export function DependencyCard({ name, check }: { name: string; check: DependencyCheck }) {
  const info = dependencyInfo(name);
  const up = check.status === 'ok';
  const headingId = `dep-${name}`;
  return (
    <Card className={cn('flex flex-col', !up && 'border-danger/50')}>
      <article aria-labelledby={headingId} className="flex flex-1 flex-col gap-4 p-5">
        <div className="flex items-center justify-between gap-3">
          <span
            className={cn(
              'grid size-10 shrink-0 place-items-center rounded-lg [&_svg]:size-5',
              up ? 'bg-success-soft text-success' : 'bg-danger-soft text-danger',
            )}
          >
            {info.icon}
          </span>
          {up ? (
            <Badge tone="success" icon={<CircleCheck aria-hidden />}>
              Operational
            </Badge>
          ) : (
            <Badge tone="danger" icon={<CircleX aria-hidden />}>
              Down
            </Badge>
          )}
        </div>
        <div>
          <h2 id={headingId} className="font-semibold">
            {info.label}
          </h2>
          <p className="text-sm text-fg-muted">{info.role}</p>
        </div>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
          <dt className="text-fg-muted">Latency</dt>
          <dd className="font-mono tabular-nums">{formatLatency(check.latencyMs)}</dd>
          <dt className="text-fg-muted">Address</dt>
          <dd className="min-w-0 font-mono break-all">{check.address || '—'}</dd>
        </dl>
        {check.error && (
          <p className="rounded-md bg-danger-soft px-3 py-2 font-mono text-xs break-words text-danger">{check.error}</p>
        )}
      </article>
    </Card>
  );
}
