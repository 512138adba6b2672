import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Incident } from '../../api/types';
import { makeIncident, makeMe } from '../../test/fixtures';
import { jsonResponse, notFound, stubFetch } from '../../test/http';
import { renderRoute } from '../../test/render';
import { incidentPollInterval, INCIDENT_POLL_MS } from './queries';
import { IncidentPage } from './IncidentPage';

afterEach(() => vi.unstubAllGlobals());

const timeline = [
  { id: 'e1', at: '2026-11-25T17:14:49Z', type: 'triggered', actor: 'system', message: 'incident triggered', details: { severity: 'critical' } },
  {
    id: 'e2',
    at: '2026-11-25T17:14:50Z',
    type: 'notified',
    actor: 'system',
    message: 'paged level 1',
    // The API sends the recipients with Go's field names.
    details: {
      level: 1,
      round: 0,
      reason: 'triggered',
      error: '',
      recipients: [
        { Channel: 'email', Target: 'oncall@example.com', Status: 'sent' },
        { Channel: 'webhook', Target: 'https://hooks.example.com/redacted', Status: 'failed', Error: 'status 502' },
      ],
    },
  },
];

const notifications = [
  {
    id: 'n1',
    channel: 'email',
    target: 'oncall@example.com',
    level: 1,
    reason: 'triggered',
    status: 'sent',
    attempts: 1,
    lastError: '',
    createdAt: '2026-11-25T17:14:50Z',
    sentAt: '2026-11-25T17:14:50Z',
  },
];

function api(incident: Incident, onAction: () => Response = () => jsonResponse({}, 500)) {
  return stubFetch((req) => {
    if (req.method === 'POST') return onAction();
    if (req.url === `/api/v1/incidents/${incident.id}`) return jsonResponse({ data: incident });
    if (req.url.endsWith('/timeline')) return jsonResponse({ data: timeline });
    if (req.url.endsWith('/notifications')) return jsonResponse({ data: notifications });
    if (req.url.startsWith('/api/v1/users')) return jsonResponse({ data: [], pagination: { page: 1, limit: 100, total: 0, totalPages: 0 } });
    return notFound('incident not found');
  });
}

function renderIncident(incident: Incident, user = makeMe()) {
  return renderRoute(<IncidentPage />, { at: `/incidents/${incident.id}`, path: '/incidents/:id', user });
}

const actionButtons = () =>
  within(screen.getByRole('group', { name: 'Incident actions' }))
    .getAllByRole('button')
    .map((b) => b.textContent);

describe('IncidentPage', () => {
  it.each([
    ['triggered', ['Acknowledge', 'Investigate', 'Mitigate', 'Resolve', 'Escalate now']],
    ['acknowledged', ['Investigate', 'Mitigate', 'Resolve', 'Escalate now']],
    ['investigating', ['Mitigate', 'Resolve']],
    ['mitigated', ['Resolve']],
    ['resolved', ['Reopen', 'Close']],
  ] as const)('shows only the actions a %s incident allows', async (status, labels) => {
    api(makeIncident({ status }));
    renderIncident(makeIncident({ status }));
    expect(await screen.findByRole('group', { name: 'Incident actions' })).toBeInTheDocument();
    expect(actionButtons()).toEqual(labels);
  });

  it('shows no action for a closed incident and stops refreshing it', async () => {
    const closed = makeIncident({ status: 'closed', closedAt: '2026-11-25T18:00:00Z' });
    api(closed);
    renderIncident(closed);
    expect(await screen.findByText(/This incident is closed/)).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Incident actions' })).not.toBeInTheDocument();
    expect(screen.queryByText(/Live: this page refreshes/)).not.toBeInTheDocument();
    expect(incidentPollInterval(closed)).toBe(false);
    expect(incidentPollInterval(makeIncident({ status: 'mitigated' }))).toBe(INCIDENT_POLL_MS);
  });

  it('hides actions, notes and reassigning from users without incidents:write', async () => {
    const incident = makeIncident();
    api(incident);
    renderIncident(incident, makeMe({ roles: ['viewer'], permissions: ['incidents:read'] }));
    expect(await screen.findByRole('heading', { name: incident.title, level: 1 })).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Incident actions' })).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Add a note')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reassign' })).not.toBeInTheDocument();
  });

  it('performs an action and shows the API’s refusal', async () => {
    const incident = makeIncident();
    const { requests } = api(incident, () =>
      jsonResponse({ error: 'conflict', message: 'cannot acknowledge an incident that is acknowledged', statusCode: 409 }, 409),
    );
    renderIncident(incident);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Acknowledge' }));
    expect(await screen.findByText('cannot acknowledge an incident that is acknowledged')).toBeInTheDocument();
    expect(requests.find((r) => r.method === 'POST')?.url).toBe(`/api/v1/incidents/${incident.id}/acknowledge`);
  });

  it('counts down the SLA, shows a breach, and the next escalation', async () => {
    const now = Date.now();
    const incident = makeIncident({
      createdAt: new Date(now - 10 * 60_000).toISOString(),
      ackDeadline: new Date(now - 65_000).toISOString(),
      ackBreached: true,
      resolveDeadline: new Date(now + 3 * 3_600_000 + 30 * 60_000).toISOString(),
      nextEscalationAt: new Date(now + 90_000).toISOString(),
    });
    api(incident);
    renderIncident(incident);
    const ack = await screen.findByTestId('sla-acknowledge');
    expect(ack).toHaveTextContent(/Overdue by 1m 0\ds/);
    expect(ack).toHaveTextContent('breached');
    expect(screen.getByTestId('sla-resolve')).toHaveTextContent(/3h (29|30)m left/);
    expect(screen.getByTestId('next-escalation')).toHaveTextContent(/in 1m (2\d|30)s/);
  });

  it('tells who was paged and why, with each recipient’s delivery status', async () => {
    const incident = makeIncident();
    api(incident);
    renderIncident(incident);
    const paged = (await screen.findByText('paged level 1')).closest('li');
    if (!paged) throw new Error('no timeline entry');
    expect(paged).toHaveTextContent('because the incident was triggered');
    const recipients = within(paged).getByRole('list', { name: 'Recipients' });
    expect(within(recipients).getByText('oncall@example.com')).toBeInTheDocument();
    expect(within(recipients).getByText('status 502')).toBeInTheDocument();
    expect(within(recipients).getByText('failed')).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Notifications sent for this incident' });
    expect(within(table).getByText('oncall@example.com')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: /Open in Temporal UI/ })).toHaveAttribute('href', incident.temporalUrl);
  });

  it('posts a note', async () => {
    const incident = makeIncident();
    const { requests } = api(incident, () => jsonResponse({ data: incident }));
    renderIncident(incident);
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Add a note'), 'Rolled back deploy 412');
    await user.click(screen.getByRole('button', { name: 'Post note' }));
    const post = requests.find((r) => r.method === 'POST');
    expect(post?.url).toBe(`/api/v1/incidents/${incident.id}/comment`);
    expect(post?.body).toEqual({ note: 'Rolled back deploy 412' });
  });

  it('reassigns by user ID for users who may not list users', async () => {
    const incident = makeIncident();
    const { requests } = api(incident, () => jsonResponse({ data: { ...incident, assigneeId: 'u-2' } }));
    renderIncident(incident, makeMe({ roles: ['responder'], permissions: ['incidents:read', 'incidents:write'] }));
    const user = userEvent.setup();
    await user.type(await screen.findByLabelText('Reassign to user ID'), 'u-2');
    await user.click(screen.getByRole('button', { name: 'Reassign' }));
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ assigneeId: 'u-2' });
    expect(requests.some((r) => r.url.startsWith('/api/v1/users'))).toBe(false);
  });

  it('says when the incident does not exist', async () => {
    api(makeIncident({ id: 'other' }));
    renderRoute(<IncidentPage />, { at: '/incidents/nope', path: '/incidents/:id' });
    expect(await screen.findByText('Incident not found')).toBeInTheDocument();
  });
});
