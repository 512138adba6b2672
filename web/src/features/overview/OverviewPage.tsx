import { lazy, Suspense } from 'react';
import { useCan } from '../../auth/hooks';
import { LoadingBlock } from '../../components/ui/Spinner';
import { ErrorState } from '../../components/ui/ErrorState';
import { PageHeader } from '../../components/ui/PageHeader';
import { RecentRuns } from './RecentRuns';
import { sortDependencies } from './dependencies';
import { DependencyCard } from './DependencyCard';
import { StatusSummary } from './StatusSummary';
import { useReadiness } from './useReadiness';

// Charts (Recharts) load only for users who can see incidents, after the page.
const IncidentOverview = lazy(() => import('./IncidentOverview').then((m) => ({ default: m.IncidentOverview })));

export function OverviewPage() {
  const readiness = useReadiness();
  const checks = readiness.data?.checks ?? {};
  const names = sortDependencies(Object.keys(checks));
  const canSeeRuns = useCan('playbooks:read');
  const canSeeIncidents = useCan('incidents:read');

  return (
    <>
      <PageHeader
        title="Overview"
        description={
          canSeeIncidents
            ? 'Platform status, incidents and the latest playbook runs.'
            : canSeeRuns
              ? 'Platform status and the latest playbook runs.'
              : 'Platform status.'
        }
      />
      <StatusSummary query={readiness} />
      {readiness.data && names.length === 0 && (
        <ErrorState error={new Error('The readiness check listed no dependencies.')} title="No dependency checks" />
      )}
      {names.length > 0 && (
        <section aria-label="Dependencies" className="mb-8 grid gap-4 md:grid-cols-3">
          {names.map((name) => {
            const check = checks[name];
            return check ? <DependencyCard key={name} name={name} check={check} /> : null;
          })}
        </section>
      )}
      {canSeeIncidents && (
        <Suspense fallback={<LoadingBlock label="Loading incident overview…" />}>
          <IncidentOverview />
        </Suspense>
      )}
      {canSeeRuns && <RecentRuns />}
    </>
  );
}
