import { ListChecks } from 'lucide-react';
import { Link, useSearchParams } from 'react-router';
import { parsePage } from '../../lib/searchParams';
import { PagedList } from '../../components/ui/PagedList';
import { EmptyState } from '../../components/ui/EmptyState';
import { PageHeader } from '../../components/ui/PageHeader';
import { RefetchSpinner } from '../../components/ui/Spinner';
import { useRunsPage } from '../../entities/run/queries';
import { RunsTable } from '../../entities/run/RunsTable';

export const RUNS_PAGE_SIZE = 20;

export function RunsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const page = parsePage(searchParams.get('page'));
  const query = useRunsPage(page, RUNS_PAGE_SIZE);

  const goTo = (next: number) => {
    setSearchParams(next <= 1 ? {} : { page: String(next) });
    window.scrollTo?.({ top: 0 });
  };

  return (
    <>
      <PageHeader
        title="Runs"
        description="Every playbook run, newest first. Open a run to see its parameters, result and workflow."
        actions={<RefetchSpinner query={query} />}
      />
      <PagedList
        query={query}
        noun="runs"
        onPageChange={goTo}
        empty={
          page > 1 ? (
            <EmptyState icon={<ListChecks />} title={`There is no page ${page}`}>
              <Link to="/runs" className="text-link underline underline-offset-2 hover:no-underline">
                Back to the first page
              </Link>
            </EmptyState>
          ) : (
            <EmptyState icon={<ListChecks />} title="No runs yet">
              Start one from the{' '}
              <Link to="/playbooks" className="text-link underline underline-offset-2 hover:no-underline">
                playbook catalogue
              </Link>
              .
            </EmptyState>
          )
        }
      >
        {(rows) => (
          <RunsTable runs={rows} caption={`Playbook runs, page ${page}`} />
        )}
      </PagedList>
    </>
  );
}
