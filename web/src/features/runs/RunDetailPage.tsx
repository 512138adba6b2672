import { Ban, ExternalLink, FlaskConical } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { isRunActive, type Run } from '../../api/types';
import { useConfirm } from '../../hooks/useConfirm';
import { FactList } from '../../components/ui/FactList';
import { MonoText } from '../../components/ui/Mono';
import { Alert } from '../../components/ui/Alert';
import { useCan } from '../../auth/hooks';
import { Badge } from '../../components/ui/Badge';
import { Button, buttonClasses } from '../../components/ui/Button';
import { ConfirmDialog } from '../../components/ui/ConfirmDialog';
import { SectionCard } from '../../components/ui/Card';
import { BackLink, DetailRoute } from '../../components/ui/DetailQuery';
import { PageHeader } from '../../components/ui/PageHeader';
import { Spinner } from '../../components/ui/Spinner';
import { JsonBlock, KeyValueList } from '../../components/ui/ValueView';
import { useServices } from '../../entities/service/queries';
import { DryRunPlan, planOf } from '../../entities/run/DryRunPlan';
import { LinkedIncidents } from './LinkedIncidents';
import { RUN_POLL_MS, useRun } from '../../entities/run/queries';
import { useCancelRun } from './runActions';
import { RunApproval } from './RunApproval';
import { RunLogs } from './RunLogs';
import { RunSteps } from './RunSteps';
import { RunStatusBadge } from '../../entities/run/RunStatusBadge';
import { shortId } from '../../lib/format';
import { RunTimings } from './RunTimings';
import { UnreachableBadge, UnreachableServers, unreachableOf } from '../../entities/run/UnreachableServers';

const errorTitles: Record<string, string> = {
  failed: 'The run failed',
  timed_out: 'The run timed out',
  cancelled: 'The run was cancelled',
};

function BackToRuns() {
  return <BackLink to="/runs">All runs</BackLink>;
}

export function RunDetailPage() {
  return (
    <DetailRoute useQuery={useRun} noun="run" back={<BackToRuns />}>
      {(run) => <RunDetail run={run} />}
    </DetailRoute>
  );
}

function CancelRunButton({ run }: { run: Run }) {
  const canRun = useCan('playbooks:run');
  const mutation = useCancelRun(run.id);
  const confirming = useConfirm<Run>(mutation);
  if (!canRun || !isRunActive(run.status)) return null;
  return (
    <>
      <Button variant="danger" onClick={() => confirming.ask(run)}>
        <Ban aria-hidden />
        Cancel run
      </Button>
      <ConfirmDialog
        {...confirming.dialog}
        title="Cancel this run?"
        confirmLabel="Cancel run"
        onConfirm={confirming.confirm(() => mutation.mutate(undefined, { onSuccess: confirming.close }))}
      >
        <p>
          The {run.playbook} run stops at its next step; a command running over SSH is killed. Steps already done are not
          undone.
        </p>
      </ConfirmDialog>
    </>
  );
}

function RunDetail({ run }: { run: Run }) {
  const active = isRunActive(run.status);
  const plan = planOf(run.result);
  const steps = run.steps ?? [];
  const waiting = run.status === 'waiting_approval';
  const unreachable = unreachableOf(run.result);
  const result = resultWithout(run.result, 'unreachableServers');
  return (
    <>
      <PageHeader
        documentTitle={`${run.playbook} run ${shortId(run.id)}`}
        eyebrow={<BackToRuns />}
        title={
          <span className="flex flex-wrap items-center gap-3">
            {run.playbook}
            <RunStatusBadge status={run.status} />
            <UnreachableBadge result={run.result} />
            {run.dryRun && (
              <Badge tone="info" icon={<FlaskConical aria-hidden />}>
                Dry run
              </Badge>
            )}
          </span>
        }
        description={<span className="font-mono break-all">{run.id}</span>}
        actions={
          <>
            <CancelRunButton run={run} />
            {run.temporalUrl && (
              <a href={run.temporalUrl} target="_blank" rel="noopener noreferrer" className={buttonClasses('secondary')}>
                <ExternalLink aria-hidden />
                Open in Temporal UI
                <span className="sr-only"> (opens in a new tab)</span>
              </a>
            )}
          </>
        }
      />

      <RunApproval run={run} />
      {active && !waiting && (
        <p role="status" className="mb-6 flex items-center gap-2 rounded-lg bg-info-soft px-4 py-3 text-sm text-info">
          <Spinner />
          This run is in progress; this page refreshes every {RUN_POLL_MS / 1_000} s.
        </p>
      )}
      {run.error && (
        <Alert tone="danger" title={errorTitles[run.status] ?? 'The run reported an error'} className="mb-6">
          <pre className="font-mono text-xs whitespace-pre-wrap">{run.error}</pre>
        </Alert>
      )}

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          {unreachable.length > 0 && (
            <SectionCard
              title="Unreachable servers"
              aside={<span className="text-xs text-fg-muted">Not connected to, so their steps did not run</span>}
            >
              <UnreachableServers servers={unreachable} />
            </SectionCard>
          )}
          {plan ? (
            <SectionCard title="Dry-run plan" aside={<span className="text-xs text-fg-muted">Nothing was executed</span>}>
              <DryRunPlan plan={plan} />
            </SectionCard>
          ) : (
            <SectionCard title="Result">
              {result && Object.keys(result).length > 0 ? (
                <>
                  <KeyValueList data={result} />
                  <details className="mt-4 text-sm">
                    <summary className="cursor-pointer text-fg-muted hover:text-fg">Raw JSON</summary>
                    <div className="mt-2">
                      <JsonBlock value={run.result} />
                    </div>
                  </details>
                </>
              ) : (
                <p className="text-sm text-fg-muted">
                  {active ? 'The result appears here when the run finishes.' : 'This run returned no result.'}
                </p>
              )}
            </SectionCard>
          )}
          {(steps.length > 0 || run.steps) && (
            <SectionCard title="Steps" aside={<span className="text-xs text-fg-muted">{steps.length} recorded</span>}>
              <RunSteps steps={steps} live={active} />
            </SectionCard>
          )}
          <SectionCard title="Output">
            <RunLogs runId={run.id} active={active} />
          </SectionCard>
          <SectionCard title="Parameters">
            {Object.keys(run.params ?? {}).length > 0 ? (
              <KeyValueList data={run.params ?? {}} />
            ) : (
              <p className="text-sm text-fg-muted">Started without parameters.</p>
            )}
          </SectionCard>
        </div>
        <div className="space-y-6">
          <SectionCard title="Timing">
            <RunTimings run={run} />
          </SectionCard>
          {run.incidents && (
            <SectionCard title="Incidents" aside={<span className="text-xs text-fg-muted">{run.incidents.length} linked</span>}>
              <LinkedIncidents links={run.incidents} />
            </SectionCard>
          )}
          <SectionCard title="Details">
            <RunFacts run={run} />
          </SectionCard>
        </div>
      </div>
    </>
  );
}

/** result without key (shown on its own elsewhere); null stays null. */
function resultWithout(result: Run['result'], key: string): Run['result'] {
  if (!result || !(key in result)) return result;
  const { [key]: _omitted, ...rest } = result;
  return rest;
}

function RunFacts({ run }: { run: Run }) {
  const canReadServices = useCan('incidents:read');
  const services = useServices(canReadServices && Boolean(run.serviceId));
  const serviceName = run.serviceId ? (services.data?.find((s) => s.id === run.serviceId)?.name ?? null) : null;
  const facts: Array<[string, ReactNode]> = [
    [
      'Playbook',
      <Link key="p" to={`/playbooks/${encodeURIComponent(run.playbook)}`} className="text-link hover:underline">
        {run.playbook}
      </Link>,
    ],
    ['Requested by', run.requestedBy || '—'],
    ...(run.approvedBy ? ([['Approved by', run.approvedBy]] as Array<[string, ReactNode]>) : []),
    ...(run.dryRun ? ([['Mode', 'Dry run: planned only']] as Array<[string, ReactNode]>) : []),
    ...(run.serviceId
      ? ([
          [
            'Pages if it fails',
            serviceName ?? <MonoText>{run.serviceId}</MonoText>,
          ],
        ] as Array<[string, ReactNode]>)
      : []),
    ['Workflow ID', <MonoText>{run.workflowId || '—'}</MonoText>],
    ['Temporal run ID', <MonoText>{run.temporalRunId || '—'}</MonoText>],
  ];
  return <FactList facts={facts} />;
}
