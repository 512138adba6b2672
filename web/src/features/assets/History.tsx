import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { AssetChange } from '../../api/types';
import { SectionCard } from '../../components/ui/Card';
import { RelativeTime } from '../../components/ui/RelativeTime';
import { historyOptions } from './api';

const show = (v: unknown) => (v === undefined || v === null || v === '' ? '∅' : typeof v === 'string' ? v : JSON.stringify(v));

function describe(c: AssetChange): string {
  const d = c.details as Record<string, unknown> | undefined;
  switch (c.action) {
    case 'relationship.added':
      return `now ${String(d?.relationship)} ${String(d?.otherName)}`;
    case 'relationship.ended':
      return `no longer ${String(d?.relationship)} ${String(d?.otherName)}`;
    case 'run.acted':
      return `step “${String(d?.step)}” ran ${String(d?.command ?? '')}`;
    default:
      return c.action;
  }
}

/** Every change of an asset, newest first: who, when, and each field from its old value to its new one. */
export function History({ id }: { id: string }) {
  const query = useQuery(historyOptions(id));
  return (
    <SectionCard title="History">
      <ol className="space-y-3 text-sm">
        {(query.data ?? []).map((c) => (
          <li key={c.id} className="border-l-2 border-line pl-3">
            <div className="flex flex-wrap items-center gap-2">
              <strong>{describe(c)}</strong>
              <span className="text-fg-muted">by {c.actor.name || c.actor.type}</span>
              <RelativeTime at={c.at} />
              {c.runId && (
                <Link to={`/runs/${c.runId}`} className="text-link hover:underline">
                  run
                </Link>
              )}
            </div>
            {c.diff.length > 0 && (
              <ul aria-label="Changed fields" className="mt-1 font-mono text-xs">
                {c.diff.map((f) => (
                  <li key={f.path}>
                    {f.path}: {show(f.old)} → {show(f.new)}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </SectionCard>
  );
}
