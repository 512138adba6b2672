import { ExternalLink, Radio } from 'lucide-react';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { isIncidentOpen, type Incident } from '../../api/types';
import { FactList } from '../../components/ui/FactList';
import { MonoText } from '../../components/ui/Mono';
import { Alert } from '../../components/ui/Alert';
import { buttonClasses } from '../../components/ui/Button';
import { SectionCard } from '../../components/ui/Card';
import { BlastRadius } from '../../entities/asset/BlastRadius';
import { BackLink, DetailRoute } from '../../components/ui/DetailQuery';
import { ErrorState } from '../../components/ui/ErrorState';
import { PageHeader } from '../../components/ui/PageHeader';
import { LoadingBlock } from '../../components/ui/Spinner';
import { formatDateTime, formatRelative } from '../../lib/format';
import { IncidentActions } from './IncidentActions';
import { IncidentStatusBadge, SeverityBadge } from '../../entities/incident/IncidentBadges';
import { AssigneeSection, CommentBox, useUserNames } from './IncidentPeople';
import { NotificationsTable } from './NotificationsTable';
import { PlaybookRunsPanel } from './PlaybookRunsPanel';
import { INCIDENT_POLL_MS, useIncident, useIncidentNotifications, useIncidentTimeline } from './queries';
import { EscalationPanel, SlaPanel } from './SlaPanel';
import { Timeline } from './Timeline';

function BackToIncidents() {
  return <BackLink to="/incidents">All incidents</BackLink>;
}

/** /incidents/:id — live status, SLA and escalation, actions, notes, timeline and notifications. */
export function IncidentPage() {
  return (
    <DetailRoute useQuery={useIncident} noun="incident" back={<BackToIncidents />}>
      {(incident, query) => <IncidentDetail incident={incident} refreshError={query.error} />}
    </DetailRoute>
  );
}

function IncidentDetail({ incident, refreshError }: { incident: Incident; refreshError: Error | null }) {
  const [params] = useSearchParams();
  const open = isIncidentOpen(incident.status);
  const timeline = useIncidentTimeline(incident.id, open);
  const notifications = useIncidentNotifications(incident.id, open);
  const nameOf = useUserNames();

  return (
    <>
      <PageHeader
        documentTitle={`${incident.title} · Incident`}
        eyebrow={<BackToIncidents />}
        title={incident.title}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <SeverityBadge severity={incident.severity} />
            <IncidentStatusBadge status={incident.status} />
            <span>
              {incident.serviceName || 'Unknown service'} · opened {formatRelative(incident.createdAt)} by {incident.createdBy || 'system'}
            </span>
          </span>
        }
        actions={
          incident.temporalUrl ? (
            <a href={incident.temporalUrl} target="_blank" rel="noopener noreferrer" className={buttonClasses('secondary')}>
              <ExternalLink aria-hidden />
              Open in Temporal UI
              <span className="sr-only"> (opens in a new tab)</span>
            </a>
          ) : undefined
        }
      />
      {params.get('deduplicated') && (
        <Alert tone="info" title="Attached to an open incident" className="mb-6">
          An open incident of this service already had that deduplication key, so your report was added to it.
        </Alert>
      )}
      {open && (
        <p className="mb-6 flex items-center gap-2 rounded-lg bg-info-soft px-4 py-2.5 text-sm text-info">
          <Radio aria-hidden className="size-4 motion-safe:animate-pulse" />
          Live: this page refreshes every {INCIDENT_POLL_MS / 1_000} s while the incident is open.
        </p>
      )}
      {refreshError && (
        <Alert tone="warning" title="Could not refresh" className="mb-6">
          {refreshError.message} Showing the last known state.
        </Alert>
      )}
      <div aria-live="polite" className="sr-only">
        Status: {incident.status}
      </div>

      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <SectionCard title="Actions">
            <div className="space-y-5">
              <IncidentActions incident={incident} />
              {incident.description && <p className="text-sm whitespace-pre-wrap">{incident.description}</p>}
            </div>
          </SectionCard>
          <SectionCard title="SLA">
            <SlaPanel incident={incident} />
          </SectionCard>
          <BlastRadius incidentId={incident.id} />
          <SectionCard
            title="Playbook runs"
            aside={incident.runs && <span className="text-xs text-fg-muted">{incident.runs.length} linked</span>}
          >
            <PlaybookRunsPanel incident={incident} />
          </SectionCard>
          <SectionCard title="Timeline" aside={<span className="text-xs text-fg-muted">Oldest first</span>}>
            <div className="space-y-6">
              {timeline.isLoading ? (
                <LoadingBlock label="Loading timeline…" />
              ) : timeline.isError ? (
                <ErrorState error={timeline.error} title="Could not load the timeline" onRetry={() => void timeline.refetch()} />
              ) : (
                <Timeline events={timeline.data ?? []} nameOf={nameOf} />
              )}
              <CommentBox incident={incident} />
            </div>
          </SectionCard>
          <SectionCard title="Notifications">
            {notifications.isLoading ? (
              <LoadingBlock label="Loading notifications…" />
            ) : notifications.isError ? (
              <ErrorState error={notifications.error} title="Could not load notifications" />
            ) : (
              <NotificationsTable notifications={notifications.data ?? []} />
            )}
          </SectionCard>
        </div>
        <div className="space-y-6">
          <SectionCard title="Escalation">
            <EscalationPanel incident={incident} />
          </SectionCard>
          <SectionCard title="Assignment">
            <AssigneeSection incident={incident} />
          </SectionCard>
          <SectionCard title="Details">
            <IncidentFacts incident={incident} />
          </SectionCard>
        </div>
      </div>
    </>
  );
}

function IncidentFacts({ incident }: { incident: Incident }) {
  const when = (value: string | null | undefined) =>
    value ? (
      <time dateTime={value} title={formatRelative(value)} className="font-mono text-xs">
        {formatDateTime(value)}
      </time>
    ) : (
      '—'
    );
  const facts: Array<[string, ReactNode]> = [
    ['Created', when(incident.createdAt)],
    ['Acknowledged', when(incident.acknowledgedAt)],
    ['Resolved', when(incident.resolvedAt)],
    ['Closed', when(incident.closedAt)],
    ['Alerts', `${incident.alertCount}${incident.lastAlertAt ? `, last ${formatRelative(incident.lastAlertAt)}` : ''}`],
    ['Dedup key', <MonoText>{incident.dedupKey}</MonoText>],
    ['Incident ID', <MonoText>{incident.id}</MonoText>],
    ['Workflow ID', <MonoText>{incident.workflowId}</MonoText>],
  ];
  return <FactList facts={facts} />;
}
