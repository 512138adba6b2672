import { Play } from 'lucide-react';
import { useId, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Incident, IncidentRunLink } from '../../api/types';
import { can, useCan, useMe } from '../../auth/hooks';
import { Button } from '../../components/ui/Button';
import { inputClasses } from '../../components/ui/input';
import { cn } from '../../lib/cn';
import { formatDateTime, formatRelative } from '../../lib/format';
import { usePlaybooks } from '../../entities/playbook/queries';
import { RunLinkBadge } from '../../entities/run/RunLinkBadge';
import { RunStatusBadge } from '../../entities/run/RunStatusBadge';
import { shortId } from '../../lib/format';

/** The run form of `playbook`, with the incident's service paged if the run fails. */
export function runFormPath(playbook: string, serviceId: string): string {
  const query = serviceId ? `?${new URLSearchParams({ serviceId }).toString()}` : '';
  return `/playbooks/${encodeURIComponent(playbook)}${query}`;
}

/** The playbook runs linked to an incident (started by it, or whose failure opened it), newest first. */
export function PlaybookRunsList({ runs }: { runs: IncidentRunLink[] }) {
  if (runs.length === 0) {
    return <p className="text-sm text-fg-muted">No playbook run is linked to this incident.</p>;
  }
  const sorted = [...runs].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  return (
    <ul className="divide-y divide-line" aria-label="Linked playbook runs">
      {sorted.map((link) => (
        <li key={`${link.runId}/${link.relation}`} className="flex flex-wrap items-center gap-x-3 gap-y-1.5 py-2.5 first:pt-0 last:pb-0">
          <Link
            to={`/runs/${encodeURIComponent(link.runId)}`}
            className="min-w-0 font-medium break-all text-link hover:underline"
          >
            {link.playbook || 'Playbook run'}
            <span className="ml-1.5 font-mono text-xs font-normal text-fg-muted">{shortId(link.runId)}</span>
          </Link>
          <RunLinkBadge relation={link.relation} side="incident" />
          <RunStatusBadge status={link.runStatus} />
          <time dateTime={link.createdAt} title={formatDateTime(link.createdAt)} className="text-xs text-fg-muted sm:ml-auto">
            {formatRelative(link.createdAt)}
          </time>
        </li>
      ))}
    </ul>
  );
}

/**
 * Picks a playbook and opens its run form with the incident's service
 * prefilled as the one to page if the run fails.
 */
export function RunPlaybookForm({ incident }: { incident: Incident }) {
  const me = useMe();
  const navigate = useNavigate();
  const playbooks = usePlaybooks();
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const selectId = useId();
  const hintId = useId();
  const errorId = useId();
  const runnable = (playbooks.data ?? []).filter((p) => can(me, p.permission));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name) {
      setError('Choose a playbook.');
      return;
    }
    void navigate(runFormPath(name, incident.serviceId));
  };

  return (
    <form noValidate onSubmit={submit} className="space-y-1.5">
      <label htmlFor={selectId} className="text-sm font-medium">
        Run a playbook
      </label>
      <div className="flex flex-wrap gap-2">
        <select
          id={selectId}
          value={name}
          disabled={playbooks.isLoading}
          aria-invalid={error ? true : undefined}
          aria-describedby={[hintId, error && errorId].filter(Boolean).join(' ')}
          onChange={(e) => {
            setName(e.target.value);
            setError('');
          }}
          className={cn(inputClasses, 'h-10 min-w-0 flex-1 basis-56')}
        >
          <option value="">{playbooks.isLoading ? 'Loading playbooks…' : 'Choose a playbook…'}</option>
          {runnable.map((p) => (
            <option key={p.name} value={p.name}>
              {p.title} ({p.name})
            </option>
          ))}
        </select>
        <Button type="submit" className="shrink-0">
          <Play aria-hidden />
          Open run form
        </Button>
      </div>
      <p id={hintId} className="text-xs text-fg-muted">
        {playbooks.isError
          ? 'Could not load the playbooks.'
          : `If the run fails, ${incident.serviceName || 'this incident’s service'} is paged.`}
      </p>
      {error && (
        <p id={errorId} role="alert" className="text-sm font-medium text-danger">
          {error}
        </p>
      )}
    </form>
  );
}

/** The "Playbook runs" section of the incident page. */
export function PlaybookRunsPanel({ incident }: { incident: Incident }) {
  const canRead = useCan('playbooks:read');
  const canRun = useCan('playbooks:run');
  return (
    <div className="space-y-5">
      <PlaybookRunsList runs={incident.runs ?? []} />
      {canRead && canRun && (
        <div className="border-t border-line pt-4">
          <RunPlaybookForm incident={incident} />
        </div>
      )}
    </div>
  );
}
