import { Siren } from 'lucide-react';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { PagedList } from '../../components/ui/PagedList';
import { EmptyState } from '../../components/ui/EmptyState';
import { PageHeader } from '../../components/ui/PageHeader';
import { RefetchSpinner } from '../../components/ui/Spinner';
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
      <PageHeader
        title="Incidents"
        description="What is broken, who was paged, and how fast it is being handled."
        actions={
          <>
            <RefetchSpinner query={query} />
            <IncidentViewSwitch />
            <NewIncidentButton onClick={() => setCreating(true)} services={services.data} />
          </>
        }
      />
      <IncidentFilters value={filter} services={services.data ?? []} onChange={change} />
      <PagedList
        query={query}
        noun="incidents"
        onPageChange={(page) => change({ page })}
        empty={
          <EmptyState icon={<Siren />} title={filtered ? 'No incident matches these filters' : 'No open incidents'}>
            {filtered ? 'Try another search, or clear the filters.' : 'All quiet. Incidents from alerts or declared by hand show up here.'}
          </EmptyState>
        }
      >
        {(rows) => (
          <IncidentsTable incidents={rows} caption={`Incidents, page ${filter.page}`} />
        )}
      </PagedList>
      <NewIncidentDialog open={creating} onClose={() => setCreating(false)} services={services.data ?? []} />
    </>
  );
}
