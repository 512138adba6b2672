import { ArrowLeft, SearchX } from 'lucide-react';
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import type { Playbook } from '../../api/types';
import { useCan } from '../../auth/hooks';
import { Alert } from '../../components/ui/Alert';
import { Card, SectionCard } from '../../components/ui/Card';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorState } from '../../components/ui/ErrorState';
import { PageHeader } from '../../components/ui/PageHeader';
import { LoadingBlock } from '../../components/ui/Spinner';
import { buildFields } from '../../schema-form/schema';
import { SchemaForm } from '../../schema-form/SchemaForm';
import { mapServerErrors } from '../../schema-form/serverErrors';
import { formatTimeout, PlaybookBadges } from './PlaybookBadges';
import { usePlaybooks, useStartRun } from './queries';

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

  const submit = (params: Record<string, unknown>) => {
    mutation.mutate(params, {
      onSuccess: (run) => void navigate(`/runs/${encodeURIComponent(run.id)}`),
    });
  };

  const footer = mutation.isError && (
    <Alert tone="danger" title="The run was not started" live>
      <p>{mutation.error.message}</p>
      {mapped && mapped.other.length > 0 && (
        <ul className="mt-2 list-disc space-y-0.5 pl-5">
          {mapped.other.map((detail, i) => (
            <li key={i}>
              {detail.field && <span className="font-mono">{detail.field}: </span>}
              {detail.message}
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );

  return (
    <>
      <title>{`Run ${playbook.title} · OpsManager`}</title>
      <PageHeader
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
            submitLabel="Run playbook"
            submitting={mutation.isPending}
            serverErrors={mapped?.fieldErrors}
            footer={footer}
          />
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
