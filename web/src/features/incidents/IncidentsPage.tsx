import { Siren } from 'lucide-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Card } from '../../components/ui/Card';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorState } from '../../components/ui/ErrorState';
import { PageHeader } from '../../components/ui/PageHeader';
import { Pagination } from '../../components/ui/Pagination';
import { LoadingBlock, Spinner } from '../../components/ui/Spinner';
import { applyChange, filterFromParams, type FilterChange } from './filters';
import { IncidentFilters } from './IncidentFilters';
import { IncidentsTable } from './IncidentsTable';
import { IncidentViewSwitch, NewIncidentButton } from './IncidentViews';
import { NewIncidentDialog } from './NewIncidentDialog';
import { useIncidents } from './queries';
import { useServices } from '../../entities/service/queries';

/** /incidents — filter, sort and page through incidents; filters live in the URL. */
export function IncidentsPage() {
  const [params, setParams] = useSearchParams();
  const filter = filterFromParams(params);
  const query = useIncidents(filter);
  const services = useServices();
  const [creating, setCreating] = useState(false);

  const change = (c: FilterChange) => setParams(applyChange(params, c), { replace: c.page === undefined });
  const filtered = Boolean(filter.q || filter.severity || filter.serviceId || filter.status !== 'open');

  return (
    <>
      <title>Incidents · OpsManager</title>
      <PageHeader
        title="Incidents"
        description="What is broken, who was paged, and how fast it is being handled."
        actions={
          <>
            {query.isFetching && !query.isLoading && <Spinner className="text-fg-muted" />}
            <IncidentViewSwitch />
            <NewIncidentButton onClick={() => setCreating(true)} services={services.data} />
          </>
        }
      />
      <IncidentFilters value={filter} services={services.data ?? []} onChange={change} />
      {query.isLoading ? (
        <LoadingBlock label="Loading incidents…" />
      ) : query.isError ? (
        <ErrorState error={query.error} title="Could not load incidents" onRetry={() => void query.refetch()} />
      ) : query.data && query.data.data.length > 0 ? (
        <Card className="overflow-hidden">
          <IncidentsTable incidents={query.data.data} caption={`Incidents, page ${filter.page}`} />
          <div className="border-t border-line">
            <Pagination pagination={query.data.pagination} onPageChange={(page) => change({ page })} noun="incidents" />
          </div>
        </Card>
      ) : (
        <EmptyState icon={<Siren />} title={filtered ? 'No incident matches these filters' : 'No open incidents'}>
          {filtered ? 'Try another search, or clear the filters.' : 'All quiet. Incidents from alerts or declared by hand show up here.'}
        </EmptyState>
      )}
      <NewIncidentDialog open={creating} onClose={() => setCreating(false)} services={services.data ?? []} />
    </>
  );
}
