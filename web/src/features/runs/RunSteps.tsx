import type { RunStep } from '../../api/types';
import { useNow } from '../../hooks/useNow';
import { durationBetween, formatDateTime, formatDuration } from '../../lib/format';
import { ValueView } from '../../components/ui/ValueView';
import { StepStatusBadge } from '../../entities/run/RunStatusBadge';

function hasValue(value: unknown): boolean {
  if (value === null || value === undefined || value === '') return false;
  if (typeof value === 'object' && Object.keys(value).length === 0) return false;
  return true;
}

/** Each recorded step: status, timings, attempts, exit code, error and result. */
export function RunSteps({ steps, live }: { steps: RunStep[]; live: boolean }) {
  const now = useNow(live ? 1_000 : 60_000);
  if (steps.length === 0) {
    return <p className="text-sm text-fg-muted">{live ? 'No step has started yet.' : 'This run recorded no steps.'}</p>;
  }
  return (
    <ol aria-label="Steps" className="space-y-3">
      {[...steps]
        .sort((a, b) => a.seq - b.seq)
        .map((step) => {
          const took = durationBetween(step.startedAt, step.finishedAt, now);
          return (
            <li key={step.seq} className="rounded-md border border-line p-3" data-step={step.seq}>
              <div className="flex flex-wrap items-start justify-between gap-2">
                <div className="min-w-0">
                  <p className="flex flex-wrap items-center gap-2 text-sm">
                    <span className="font-mono text-xs text-fg-muted tabular-nums">#{step.seq}</span>
                    <span className="font-medium break-words">{step.name}</span>
                    {step.kind && <span className="rounded bg-subtle px-1.5 py-0.5 font-mono text-xs">{step.kind}</span>}
                  </p>
                  {step.target && <p className="mt-0.5 font-mono text-xs break-all text-fg-muted">{step.target}</p>}
                </div>
                <StepStatusBadge status={step.status} />
              </div>
              <dl className="mt-2 flex flex-wrap gap-x-5 gap-y-1 text-xs">
                <div className="flex gap-1">
                  <dt className="text-fg-muted">Started</dt>
                  <dd className="font-mono tabular-nums">{formatDateTime(step.startedAt)}</dd>
                </div>
                <div className="flex gap-1">
                  <dt className="text-fg-muted">{step.finishedAt ? 'Took' : 'Running for'}</dt>
                  <dd className="font-mono tabular-nums">{took === undefined ? '—' : formatDuration(took)}</dd>
                </div>
                <div className="flex gap-1">
                  <dt className="text-fg-muted">Attempts</dt>
                  <dd className="font-mono tabular-nums">{step.attempts}</dd>
                </div>
                {step.exitCode !== undefined && step.exitCode !== null && (
                  <div className="flex gap-1">
                    <dt className="text-fg-muted">Exit code</dt>
                    <dd className={`font-mono tabular-nums ${step.exitCode === 0 ? '' : 'text-danger'}`}>{step.exitCode}</dd>
                  </div>
                )}
              </dl>
              {step.error && <p className="mt-2 rounded bg-danger-soft px-2 py-1.5 font-mono text-xs break-words text-danger">{step.error}</p>}
              {hasValue(step.result) && (
                <details className="mt-2 text-sm">
                  <summary className="cursor-pointer text-xs text-fg-muted hover:text-fg">Result</summary>
                  <div className="mt-2">
                    <ValueView value={step.result} />
                  </div>
                </details>
              )}
            </li>
          );
        })}
    </ol>
  );
}
