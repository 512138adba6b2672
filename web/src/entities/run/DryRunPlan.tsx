import { ListTree } from 'lucide-react';
import type { PlannedAction, Run } from '../../api/types';
import { ValueView } from '../../components/ui/ValueView';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The plan of a dry run's result ({dryRun: true, plan: [...]}), or null when the result is not one. */
export function planOf(result: Run['result'] | undefined): PlannedAction[] | null {
  if (!isRecord(result) || result.dryRun !== true || !Array.isArray(result.plan)) return null;
  return result.plan.flatMap((raw): PlannedAction[] =>
    isRecord(raw)
      ? [{ step: String(raw.step ?? ''), kind: String(raw.kind ?? ''), target: String(raw.target ?? ''), detail: raw.detail ?? null }]
      : [],
  );
}

/** What a dry run would have done, step by step; nothing was executed. */
export function DryRunPlan({ plan }: { plan: PlannedAction[] }) {
  if (plan.length === 0) {
    return <p className="text-sm text-fg-muted">The plan is empty: this run would not touch anything.</p>;
  }
  return (
    <ol aria-label="Planned steps" className="space-y-3">
      {plan.map((action, i) => (
        <li key={i} className="rounded-md border border-line p-3">
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span className="grid size-6 place-items-center rounded-full bg-subtle font-mono text-xs tabular-nums">{i + 1}</span>
            <span className="font-medium break-words">{action.step || 'Unnamed step'}</span>
            {action.kind && <span className="rounded bg-info-soft px-1.5 py-0.5 font-mono text-xs text-info">{action.kind}</span>}
          </div>
          {action.target && (
            <p className="mt-1 flex items-center gap-1.5 text-xs text-fg-muted">
              <ListTree aria-hidden className="size-3.5" />
              <span className="font-mono break-all">{action.target}</span>
            </p>
          )}
          {action.detail !== null && action.detail !== undefined && action.detail !== '' && (
            <div className="mt-2 text-sm">
              <ValueView value={action.detail} />
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
