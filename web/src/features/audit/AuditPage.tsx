import { ScrollText } from 'lucide-react';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorState } from '../../components/ui/ErrorState';
import { PageHeader } from '../../components/ui/PageHeader';
import { LoadingBlock, Spinner } from '../../components/ui/Spinner';
import { AuditFilters } from './AuditFilters';
import { AuditTable } from './AuditTable';
import { AUDIT_FILTER_KEYS, filterFromParams, toApiFilter, type AuditFilterValues } from './filters';
import { useAuditLog } from './queries';

/** /admin/audit — who did what, when, newest first; filters live in the URL. */
export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const paramsKey = params.toString();
  const values = useMemo(() => filterFromParams(new URLSearchParams(paramsKey)), [paramsKey]);
  const query = useAuditLog(toApiFilter(values));
  const entries = query.data?.pages.flatMap((page) => page.data) ?? [];
  const filtered = AUDIT_FILTER_KEYS.some((key) => values[key]);

  const apply = (next: AuditFilterValues) => {
    const search = new URLSearchParams();
    for (const key of AUDIT_FILTER_KEYS) if (next[key].trim()) search.set(key, next[key].trim());
    setParams(search);
  };

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every sign-in, change and refused request, newest first. Entries cannot be edited or deleted."
        actions={query.isFetching && !query.isLoading && !query.isFetchingNextPage ? <Spinner className="text-fg-muted" /> : undefined}
      />
      <AuditFilters value={values} onApply={apply} />
      {query.isLoading ? (
        <LoadingBlock label="Loading the audit log…" />
      ) : entries.length === 0 && query.isError ? (
        <ErrorState error={query.error} title="Could not load the audit log" onRetry={() => void query.refetch()} />
      ) : entries.length === 0 ? (
        <EmptyState icon={<ScrollText />} title={filtered ? 'No entries match these filters' : 'The audit log is empty'} />
      ) : (
        <Card className="overflow-hidden">
          <AuditTable entries={entries} onFilterActor={(actor) => apply({ ...values, actor })} />
          <div className="flex flex-col items-center gap-2 border-t border-line px-4 py-3 text-sm sm:flex-row sm:justify-between">
            <p className="text-fg-muted" aria-live="polite">
              Showing <span className="font-medium text-fg tabular-nums">{entries.length}</span>{' '}
              {entries.length === 1 ? 'entry' : 'entries'}
              {!query.hasNextPage && ' · end of the log'}
            </p>
            {query.hasNextPage && (
              <Button size="sm" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
                {query.isFetchingNextPage && <Spinner />}
                Load more
              </Button>
            )}
          </div>
          {query.isError && (
            <div className="px-4 pb-4">
              <ErrorState error={query.error} title="Could not load more entries" onRetry={() => void query.fetchNextPage()} />
            </div>
          )}
        </Card>
      )}
    </>
  );
}
