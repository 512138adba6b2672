import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Incident, IncidentRunLink, TimelineEvent } from '../../api/types';
import { httpCheck, makeIncident, makeMe } from '../../test/fixtures';
import { jsonResponse, notFound, stubFetch } from '../../test/http';
import { renderRoute } from '../../test/render';
import { IncidentPage } from './IncidentPage';
import { runFormPath } from './PlaybookRunsPanel';

afterEach(() => vi.unstubAllGlobals());

const incidentId = '01a213b3-f2d9-7986-a2cc-57e83822e3bd';

function link(overrides: Partial<IncidentRunLink>): IncidentRunLink {
  return {
    incidentId,
    runId: 'run-started-0001',
    relation: 'triggered',
    createdAt: '2026-11-25T17:14:50Z',
    incidentTitle: 'Checkout 5xx above 5%',
    incidentStatus: 'triggered',
    playbook: 'http-check',
    runStatus: 'succeeded',
    ...overrides,
  };
}

const runs: IncidentRunLink[] = [
  link({}),
  link({ runId: 'run-failed-00000002', relation: 'failure', playbook: 'restart-service', runStatus: 'failed', createdAt: '2026-11-25T17:10:00Z' }),
  link({ runId: 'run-waiting-0000003', relation: 'approval_timeout', playbook: 'rollback', runStatus: 'waiting_approval', createdAt: '2026-11-25T17:12:00Z' }),
];

const timeline: TimelineEvent[] = [
  {
    id: 'e1',
    incidentId,
    at: '2026-11-25T17:14:50Z',
    type: 'playbook_started',
    actor: 'automation',
    message: 'Started playbook http-check',
    details: { runId: 'run-started-0001', playbook: 'http-check' },
  },
  {
    id: 'e2',
    incidentId,
    at: '2026-11-25T17:14:51Z',
    type: 'playbook_skipped',
    actor: 'automation',
    message: 'Did not start playbook rollback: its circuit breaker is open',
    details: { playbook: 'rollback' },
  },
  {
    id: 'e3',
    incidentId,
    at: '2026-11-25T17:14:52Z',
    type: 'playbook_failure',
    actor: 'automation',
    message: 'Playbook restart-service failed: exit 1',
    details: { runId: 'run-failed-00000002', playbook: 'restart-service' },
  },
  {
    id: 'e4',
    incidentId,
    at: '2026-11-25T17:14:53Z',
    type: 'playbook_approval_timeout',
    actor: 'automation',
    message: 'Approval needed: playbook rollback waited with no answer',
    details: { runId: 'run-waiting-0000003', playbook: 'rollback' },
  },
];

function api(incident: Incident) {
  return stubFetch((req) => {
    if (req.url === `/api/v1/incidents/${incident.id}`) return jsonResponse({ data: incident });
    if (req.url.endsWith('/timeline')) return jsonResponse({ data: timeline });
    if (req.url.endsWith('/notifications')) return jsonResponse({ data: [] });
    if (req.url === '/api/v1/playbooks') return jsonResponse({ data: [httpCheck, { ...httpCheck, name: 'run-command', title: 'Run command', permission: 'servers:write' }] });
    if (req.url.startsWith('/api/v1/users')) return jsonResponse({ data: [], pagination: { page: 1, limit: 100, total: 0, totalPages: 0 } });
    return notFound('not found');
  });
}

function renderIncident(incident: Incident, user = makeMe()) {
  return renderRoute(<IncidentPage />, {
    at: `/incidents/${incident.id}`,
    path: '/incidents/:id',
    user,
    extraRoutes: [<Route key="pb" path="/playbooks/:name" element={<p>Run form</p>} />],
  });
}

describe('Playbook runs panel', () => {
  it('lists the linked runs, newest first, with relation, status and a link to each run', async () => {
    const incident = makeIncident({ runs });
    api(incident);
    renderIncident(incident);
    const panel = await screen.findByRole('region', { name: 'Playbook runs' });
    expect(within(panel).getByText('3 linked')).toBeInTheDocument();
    const items = within(within(panel).getByRole('list', { name: 'Linked playbook runs' })).getAllByRole('listitem');
    expect(items.map((li) => within(li).getByRole('link').getAttribute('href'))).toEqual([
      '/runs/run-started-0001',
      '/runs/run-waiting-0000003',
      '/runs/run-failed-00000002',
    ]);
    const [started, waiting, failed] = items as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(started).getByRole('link')).toHaveTextContent('http-check');
    expect(within(started).getByText('Started by this incident')).toBeInTheDocument();
    expect(within(started).getByText('Succeeded')).toBeInTheDocument();
    expect(within(failed).getByText('Opened this incident (run failed)')).toBeInTheDocument();
    expect(within(failed).getByText('Failed')).toBeInTheDocument();
    expect(within(waiting).getByText('Approval timed out')).toBeInTheDocument();
    expect(within(waiting).getByText('Awaiting approval')).toBeInTheDocument();
  });

  it('says when no run is linked', async () => {
    const incident = makeIncident({ runs: [] });
    api(incident);
    renderIncident(incident);
    const panel = await screen.findByRole('region', { name: 'Playbook runs' });
    expect(within(panel).getByText('No playbook run is linked to this incident.')).toBeInTheDocument();
  });

  it('opens the run form of the chosen playbook with the incident’s service to page', async () => {
    const incident = makeIncident({ runs: [] });
    api(incident);
    renderIncident(incident, makeMe({ permissions: ['incidents:read', 'playbooks:read', 'playbooks:run'] }));
    const user = userEvent.setup();
    const select = await screen.findByLabelText('Run a playbook');
    // Only the playbooks the user may run are offered.
    await screen.findByRole('option', { name: 'HTTP check (http-check)' });
    expect(within(select).queryByRole('option', { name: /run-command/ })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Open run form' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Choose a playbook.');

    await user.selectOptions(select, 'http-check');
    await user.click(screen.getByRole('button', { name: 'Open run form' }));
    expect(await screen.findByText('Run form')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(`/playbooks/http-check?serviceId=${incident.serviceId}`);
  });

  it('offers no run form to users who may not run playbooks', async () => {
    const incident = makeIncident({ runs });
    api(incident);
    renderIncident(incident, makeMe({ permissions: ['incidents:read', 'playbooks:read'] }));
    await screen.findByRole('region', { name: 'Playbook runs' });
    expect(screen.queryByLabelText('Run a playbook')).not.toBeInTheDocument();
  });

  it('shows playbook events on the timeline with a link to their run', async () => {
    const incident = makeIncident({ runs });
    api(incident);
    renderIncident(incident);
    const region = await screen.findByRole('region', { name: 'Timeline' });
    await within(region).findByText('Started playbook http-check');
    const entry = async (type: string) => {
      const li = region.querySelector(`li[data-event-type="${type}"]`);
      if (!(li instanceof HTMLElement)) throw new Error(`no ${type} entry`);
      return li;
    };
    const started = await entry('playbook_started');
    expect(within(started).getByText('Playbook started')).toBeInTheDocument();
    expect(within(started).getByRole('link', { name: 'View the http-check run' })).toHaveAttribute('href', '/runs/run-started-0001');
    const skipped = await entry('playbook_skipped');
    expect(within(skipped).getByText('Playbook skipped')).toBeInTheDocument();
    expect(within(skipped).getByText(/circuit breaker is open/)).toBeInTheDocument();
    expect(within(skipped).queryByRole('link')).not.toBeInTheDocument();
    const failure = await entry('playbook_failure');
    expect(within(failure).getByText('Playbook failed')).toBeInTheDocument();
    expect(within(failure).getByRole('link', { name: 'View the restart-service run' })).toHaveAttribute('href', '/runs/run-failed-00000002');
    const timeout = await entry('playbook_approval_timeout');
    expect(within(timeout).getByText('Playbook approval timed out')).toBeInTheDocument();
    expect(within(timeout).getByRole('link', { name: 'View the rollback run' })).toHaveAttribute('href', '/runs/run-waiting-0000003');
  });
});

describe('runFormPath', () => {
  it('encodes the playbook and adds the service only when there is one', () => {
    expect(runFormPath('http-check', 's 1')).toBe('/playbooks/http-check?serviceId=s+1');
    expect(runFormPath('a/b', '')).toBe('/playbooks/a%2Fb');
  });
});
