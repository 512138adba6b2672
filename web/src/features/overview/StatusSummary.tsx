import { CircleCheck, CircleX, RefreshCw, Unplug } from 'lucide-react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { Readiness } from '../../api/types';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { Spinner } from '../../components/ui/Spinner';
import { useNow } from '../../hooks/useNow';
import { cn } from '../../lib/cn';
import { dependencyInfo, sortDependencies } from './dependencies';
import { READINESS_POLL_MS } from './useReadiness';

interface Summary {
  tone: 'success' | 'danger' | 'neutral';
  icon: ReactNode;
  title: string;
  detail: string;
}

function summarise(query: UseQueryResult<Readiness>): Summary {
  if (query.isError) {
    return {
      tone: 'danger',
      icon: <Unplug aria-hidden />,
      title: 'API unreachable',
      detail: query.error instanceof Error ? query.error.message : 'The readiness check failed.',
    };
  }
  const data = query.data;
  if (!data) return { tone: 'neutral', icon: <Spinner />, title: 'Checking platform status…', detail: '' };
  const down = sortDependencies(Object.keys(data.checks)).filter((name) => data.checks[name]?.status !== 'ok');
  if (data.status === 'ok' && down.length === 0) {
    return { tone: 'success', icon: <CircleCheck aria-hidden />, title: 'All systems operational', detail: 'Every dependency answered its health check.' };
  }
  const names = down.map((name) => dependencyInfo(name).label).join(', ');
  return {
    tone: 'danger',
    icon: <CircleX aria-hidden />,
    title: 'Platform degraded',
    detail: names ? `Not responding: ${names}. Runs and incidents may be delayed.` : 'The API reports it is not ready.',
  };
}

const toneClasses = {
  success: 'bg-success-soft text-success',
  danger: 'bg-danger-soft text-danger',
  neutral: 'bg-subtle text-fg-muted',
};

/** The headline of the Overview page: one sentence on whether the platform is ready. */
export function StatusSummary({ query }: { query: UseQueryResult<Readiness> }) {
  const now = useNow();
  const summary = summarise(query);
  const seconds = query.dataUpdatedAt ? Math.max(0, Math.round((now.getTime() - query.dataUpdatedAt) / 1_000)) : undefined;
  return (
    <Card className="mb-6 flex flex-col gap-4 p-5 sm:flex-row sm:items-center sm:justify-between">
      <div className="flex items-center gap-4">
        <span className={cn('grid size-11 shrink-0 place-items-center rounded-full [&_svg]:size-6', toneClasses[summary.tone])}>
          {summary.icon}
        </span>
        <div aria-live="polite">
          <p className="text-lg font-semibold">{summary.title}</p>
          {summary.detail && <p className="text-sm text-fg-muted">{summary.detail}</p>}
        </div>
      </div>
      <div className="flex items-center gap-3 text-xs text-fg-muted sm:flex-col sm:items-end sm:gap-1.5">
        <span>
          {seconds === undefined ? 'Not checked yet' : `Checked ${seconds <= 1 ? 'just now' : `${seconds} s ago`}`} · every{' '}
          {READINESS_POLL_MS / 1_000} s
        </span>
        <Button size="sm" onClick={() => void query.refetch()} disabled={query.isFetching}>
          <RefreshCw aria-hidden className={cn(query.isFetching && 'motion-safe:animate-spin')} />
          Refresh
        </Button>
      </div>
    </Card>
  );
}
