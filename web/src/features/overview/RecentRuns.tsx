import { ArrowRight } from 'lucide-react';
import { Link } from 'react-router';
import { SectionCard } from '../../components/ui/Card';
import { ErrorState } from '../../components/ui/ErrorState';
import { LoadingBlock } from '../../components/ui/Spinner';
import { useRunsPage } from '../../entities/run/queries';
import { RunsTable } from '../../entities/run/RunsTable';

/** The latest few runs, for the Overview page. */
export function RecentRuns({ limit = 5 }: { limit?: number }) {
  const query = useRunsPage(1, limit);
  const runs = query.data?.data ?? [];
  return (
    <SectionCard
      title="Recent runs"
      aside={
        <Link to="/runs" className="inline-flex items-center gap-1 text-sm text-link hover:underline">
          All runs
          <ArrowRight aria-hidden className="size-4" />
        </Link>
      }
    >
      {query.isLoading ? (
        <LoadingBlock label="Loading runs…" />
      ) : query.isError ? (
        <ErrorState error={query.error} title="Could not load runs" />
      ) : runs.length === 0 ? (
        <p className="text-sm text-fg-muted">
          No runs yet.{' '}
          <Link to="/playbooks" className="text-link underline underline-offset-2 hover:no-underline">
            Start a playbook
          </Link>
          .
        </p>
      ) : (
        <div className="-m-4">
          <RunsTable runs={runs} caption="Most recent playbook runs" compact />
        </div>
      )}
    </SectionCard>
  );
}
