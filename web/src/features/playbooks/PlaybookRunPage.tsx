import { ArrowLeft, ExternalLink, FlaskConical, SearchX } from 'lucide-react';
import { useId, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import type { Playbook, Service } from '../../api/types';
import { useCan } from '../../auth/hooks';
import { Alert } from '../../components/ui/Alert';
import { FormErrorAlert } from '../../components/ui/FormErrorAlert';
import { Card, SectionCard } from '../../components/ui/Card';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorState } from '../../components/ui/ErrorState';
import { byName, SelectField } from '../../components/ui/Field';
import { PageHeader } from '../../components/ui/PageHeader';
import { LoadingBlock, Spinner } from '../../components/ui/Spinner';
import { Switch } from '../../components/ui/Switch';
import { detailSentence } from '../../lib/formErrors';
import { useServices } from '../../entities/service/queries';
import { DryRunPlan, planOf } from '../../entities/run/DryRunPlan';
import { useRun } from '../../entities/run/queries';
import { RunStatusBadge } from '../../entities/run/RunStatusBadge';
import { buildFields } from '../../schema-form/schema';
import { SchemaForm } from '../../schema-form/SchemaForm';
import { mapServerErrors } from '../../schema-form/serverErrors';
import { formatTimeout, PlaybookBadges } from './PlaybookBadges';
import { useStartRun } from './queries';
import { usePlaybooks } from '../../entities/playbook/queries';

function BackToCatalogue() {
  return (
    <Link to="/playbooks" className="inline-flex items-center gap-1 text-sm text-link hover:underline">
      <ArrowLeft aria-hidden className="size-4" />
      All playbooks
    </Link>
  );
}

/** /playbooks/:name — the playbook's run form, generated from its paramsSchema. */
export function PlaybookRunPage() {
  const { name = '' } = useParams();
  const query = usePlaybooks();

  if (query.isLoading) return <LoadingBlock label="Loading playbook…" />;
  if (query.isError) {
    return <ErrorState error={query.error} title="Could not load the playbook" onRetry={() => void query.refetch()} />;
  }
  const playbook = query.data?.find((p) => p.name === name);
  if (!playbook) {
    return (
      <EmptyState icon={<SearchX />} title="Playbook not found">
        <p>No playbook is named “{name}”.</p>
        <p className="mt-2">
          <BackToCatalogue />
        </p>
      </EmptyState>
    );
  }
  return <PlaybookRun key={playbook.name} playbook={playbook} />;
}

function PlaybookRun({ playbook }: { playbook: Playbook }) {
  const navigate = useNavigate();
  const mutation = useStartRun(playbook.name);
  const canRun = useCan(playbook.permission);
  const fields = useMemo(() => buildFields(playbook.paramsSchema), [playbook.paramsSchema]);
  const apiError = mutation.error instanceof ApiError ? mutation.error : undefined;
  const mapped = useMemo(() => (apiError ? mapServerErrors(apiError.details, fields) : undefined), [apiError, fields]);

  const [dryRun, setDryRun] = useState(false);
  const [previewId, setPreviewId] = useState<string | null>(null);
  const dryRunLabelId = useId();

  // The service paged if the run fails (circuit breaker); ?serviceId= prefills it, e.g. from an incident.
  const [searchParams] = useSearchParams();
  const canReadServices = useCan('incidents:read');
  const services = useServices(canReadServices);
  const [serviceId, setServiceId] = useState(() => searchParams.get('serviceId') ?? '');
  const [serviceEdited, setServiceEdited] = useState(false);
  const serviceDetail = serviceEdited ? undefined : apiError?.details.find((d) => d.field === 'serviceId');
  const serviceError = serviceDetail && detailSentence(serviceDetail.message);
  const otherErrors = mapped?.other.filter((d) => d.field !== 'serviceId') ?? [];

  const submit = (params: Record<string, unknown>) => {
    setPreviewId(null);
    setServiceEdited(false);
    mutation.mutate(
      // A dry run touches nothing, so it has nobody to page.
      { params, dryRun, serviceId: dryRun || !canReadServices ? '' : serviceId },
      {
        onSuccess: (run) => {
          // A dry run stays here and shows its plan; a real run opens its page.
          if (dryRun) setPreviewId(run.id);
          else void navigate(`/runs/${encodeURIComponent(run.id)}`);
        },
      },
    );
  };

  const dryRunToggle = (
    <div className="flex items-start gap-3 rounded-md border border-line p-3">
      <Switch checked={dryRun} onChange={setDryRun} label="Dry run" disabled={!canRun || mutation.isPending} />
      <div id={dryRunLabelId} className="text-sm">
        <p className="font-medium">Dry run</p>
        <p className="text-fg-muted">Plan only: see what each step would do without touching anything.</p>
      </div>
    </div>
  );

  const serviceSelect = canReadServices && (
    <ServiceSelect
      services={services.data}
      loading={services.isLoading}
      failed={services.isError}
      value={serviceId}
      onChange={(id) => {
        setServiceId(id);
        setServiceEdited(true);
      }}
      disabled={!canRun || mutation.isPending || dryRun}
      dryRun={dryRun}
      error={serviceError}
    />
  );

  const errorAlert = mutation.isError && <FormErrorAlert title="The run was not started" error={mutation.error} details={otherErrors} />;

  return (
    <>
      <PageHeader
        documentTitle={`Run ${playbook.title}`}
        eyebrow={<BackToCatalogue />}
        title={playbook.title}
        description={<span className="font-mono">{playbook.name}</span>}
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="p-5 sm:p-6 lg:col-span-2">
          <h2 className="mb-5 text-base font-semibold">Parameters</h2>
          {!canRun && (
            <Alert tone="info" title="You cannot run this playbook" className="mb-5">
              Running it needs the <span className="font-mono">{playbook.permission}</span> permission, which your roles do
              not grant. You can still read its parameters; ask an administrator if you need to run it.
            </Alert>
          )}
          <SchemaForm
            disabled={!canRun}
            schema={playbook.paramsSchema}
            onSubmit={submit}
            submitLabel={dryRun ? 'Preview plan' : 'Run playbook'}
            submitting={mutation.isPending}
            serverErrors={mapped?.fieldErrors}
            footer={
              <>
                {serviceSelect}
                {dryRunToggle}
                {errorAlert}
              </>
            }
          />
          {previewId && <DryRunPreview runId={previewId} />}
        </Card>
        <div className="space-y-6">
          <SectionCard title="About this playbook">
            <div className="space-y-4 text-sm">
              <p className="text-fg-muted">{playbook.description}</p>
              <PlaybookBadges playbook={playbook} />
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5">
                <dt className="text-fg-muted">Category</dt>
                <dd>{playbook.category}</dd>
                <dt className="text-fg-muted">Timeout</dt>
                <dd>{formatTimeout(playbook.timeoutSeconds)}</dd>
                <dt className="text-fg-muted">Permission</dt>
                <dd className="font-mono text-xs break-all">{playbook.permission}</dd>
              </dl>
            </div>
          </SectionCard>
          {playbook.requiresApproval && (
            <Alert tone="warning" title="Approval required">
              This run pauses before its risky step until someone with approval rights approves it.
            </Alert>
          )}
        </div>
      </div>
    </>
  );
}

interface ServiceSelectProps {
  services: Service[] | undefined;
  loading: boolean;
  failed: boolean;
  value: string;
  onChange: (id: string) => void;
  disabled: boolean;
  dryRun: boolean;
  error?: string;
}

/** Optional: the service whose escalation policy is paged if the run fails. */
function ServiceSelect({ services, loading, failed, value, onChange, disabled, dryRun, error }: ServiceSelectProps) {
  const list = [...(services ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const unknown = value !== '' && services !== undefined && !list.some((s) => s.id === value);
  const hint = dryRun
    ? 'A dry run touches nothing, so nobody is paged.'
    : failed
      ? 'Could not load the services.'
      : 'If the run fails, an incident opens on this service and its escalation policy is paged.';
  return (
    <SelectField
      label="Service to page if the run fails"
      hint={hint}
      error={error}
      value={value}
      disabled={disabled || loading}
      onChange={onChange}
      placeholder={loading ? 'Loading services…' : 'None: nobody is paged'}
      options={[...(unknown ? [{ value, label: `Unknown service (${value})` }] : []), ...byName(list)]}
    />
  );
}

/** Follows a dry run until it ends, then shows its plan. */
function DryRunPreview({ runId }: { runId: string }) {
  const query = useRun(runId);
  const run = query.data;
  const plan = planOf(run?.result);
  return (
    <section aria-label="Plan preview" className="mt-6 space-y-4 border-t border-line pt-5">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h3 className="flex items-center gap-2 text-base font-semibold">
          <FlaskConical aria-hidden className="size-5 text-info" />
          Plan preview
          {run && <RunStatusBadge status={run.status} />}
        </h3>
        <Link to={`/runs/${encodeURIComponent(runId)}`} className="inline-flex items-center gap-1 text-sm text-link hover:underline">
          Open the dry run
          <ExternalLink aria-hidden className="size-3.5" />
        </Link>
      </div>
      {query.isError ? (
        <Alert tone="danger" title="Could not load the dry run" live>
          {query.error.message}
        </Alert>
      ) : !run || (!plan && !run.finishedAt && !run.error) ? (
        <p role="status" className="flex items-center gap-2 text-sm text-fg-muted">
          <Spinner /> Planning…
        </p>
      ) : plan ? (
        <DryRunPlan plan={plan} />
      ) : (
        <Alert tone="danger" title="The dry run did not produce a plan" live>
          {run.error ?? 'It finished without a plan.'}
        </Alert>
      )}
    </section>
  );
}
