import { screen, within } from '@testing-library/react';
import { Route } from 'react-router';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { makeIncident, makeMe } from '../../test/fixtures';
import { jsonResponse, notFound, stubFetch } from '../../test/http';
import { openDialog, renderRoute } from '../../test/render';
import { applyChange, filterFromParams } from './filters';
import { IncidentsPage } from './IncidentsPage';

afterEach(() => vi.unstubAllGlobals());

const services = [{ id: 's1', name: 'checkout-api', description: '', escalationPolicyId: 'p1', slaPolicyId: null, autoResolve: false, createdAt: '', updatedAt: '' }];

function api() {
  return stubFetch((req) => {
    if (req.url === '/api/v1/services') return jsonResponse({ data: services });
    if (req.url.startsWith('/api/v1/incidents?')) {
      return jsonResponse({
        data: [makeIncident({ id: 'i1', title: 'Checkout 5xx above 5%' }), makeIncident({ id: 'i2', title: 'Slow search', severity: 'low', status: 'acknowledged' })],
        pagination: { page: 2, limit: 20, total: 42, totalPages: 3 },
      });
    }
    if (req.method === 'POST' && req.url === '/api/v1/incidents') {
      return jsonResponse({ data: makeIncident({ id: 'new-1' }), deduplicated: false }, 201);
    }
    return notFound();
  });
}

describe('incident list filters', () => {
  it('shows open incidents by default and keeps defaults out of the URL', () => {
    const filter = filterFromParams(new URLSearchParams(''));
    expect(filter).toMatchObject({ status: 'open', severity: '', sort: 'created_at', order: 'desc', page: 1 });
    expect(filterFromParams(new URLSearchParams('status=all')).status).toBe('');
    expect(filterFromParams(new URLSearchParams('status=triggered,bogus&severity=critical,nope&sort=x&page=-1'))).toMatchObject({
      status: 'triggered',
      severity: 'critical',
      sort: 'created_at',
      page: 1,
    });
    expect(applyChange(new URLSearchParams('page=3&q=db'), { severity: 'high' }).toString()).toBe('q=db&severity=high');
    expect(applyChange(new URLSearchParams(''), { status: '' }).toString()).toBe('status=all');
    expect(applyChange(new URLSearchParams('status=all'), { status: 'open' }).toString()).toBe('');
  });

  it('reads and writes the SLA-breached filter (the overview links to it)', () => {
    expect(filterFromParams(new URLSearchParams('breached=true'))).toMatchObject({ status: 'open', breached: true });
    expect(filterFromParams(new URLSearchParams('breached=yes')).breached).toBeUndefined();
    expect(applyChange(new URLSearchParams('page=2'), { breached: true }).toString()).toBe('breached=true');
    expect(applyChange(new URLSearchParams('breached=true'), { breached: false }).toString()).toBe('');
  });
});

describe('IncidentsPage', () => {
  it('asks the API for what the URL says and updates the URL from the filters', async () => {
    const { requests } = api();
    renderRoute(<IncidentsPage />, { at: '/incidents?severity=critical&sort=severity&page=2', path: '/incidents' });
    const table = await screen.findByRole('table', { name: 'Incidents, page 2' });
    expect(within(table).getByRole('link', { name: 'Checkout 5xx above 5%' })).toHaveAttribute('href', '/incidents/i1');
    expect(within(table).getByText('Critical')).toBeInTheDocument();
    expect(within(table).getByText('Acknowledged')).toBeInTheDocument();
    const list = requests.find((r) => r.url.startsWith('/api/v1/incidents?'));
    const query = new URLSearchParams(list?.url.split('?')[1]);
    expect(Object.fromEntries(query)).toMatchObject({ status: 'open', severity: 'critical', sort: 'severity', order: 'desc', page: '2', limit: '20' });

    const user = userEvent.setup();
    await user.selectOptions(screen.getByLabelText('Status'), 'resolved');
    expect(screen.getByTestId('location')).toHaveTextContent('/incidents?severity=critical&sort=severity&status=resolved');
    await user.click(screen.getByRole('button', { name: /Descending order/ }));
    expect(screen.getByTestId('location')).toHaveTextContent('order=asc');
  });

  it('creates an incident from the dialog and opens it', async () => {
    const { requests } = api();
    renderRoute(<IncidentsPage />, {
      at: '/incidents',
      path: '/incidents',
      extraRoutes: [<Route key="i" path="/incidents/:id" element={<p>Incident page</p>} />],
    });
    const user = userEvent.setup();
    const dialog = await openDialog(user, 'New incident');
    await user.click(within(dialog).getByRole('button', { name: 'Create incident' }));
    expect(within(dialog).getByText('Give the incident a title.')).toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);

    await user.type(within(dialog).getByLabelText(/^Title/), 'Database failover');
    await user.selectOptions(within(dialog).getByLabelText(/^Severity/), 'critical');
    await user.click(within(dialog).getByRole('button', { name: 'Create incident' }));
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({ serviceId: 's1', title: 'Database failover', severity: 'critical' });
    expect(await screen.findByText('Incident page')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/incidents/new-1');
  });

  it('hides "New incident" from users who may only read incidents', async () => {
    api();
    renderRoute(<IncidentsPage />, { at: '/incidents', path: '/incidents', user: makeMe({ permissions: ['incidents:read'] }) });
    expect(await screen.findByRole('table')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New incident' })).not.toBeInTheDocument();
  });
});
