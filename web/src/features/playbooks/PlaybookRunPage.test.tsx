import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { httpCheck, makeMe, makeRun } from '../../test/fixtures';
import { jsonResponse, notFound, stubFetch, validationFailed, type RecordedRequest } from '../../test/http';
import { renderRoute } from '../../test/render';
import { PlaybookRunPage } from './PlaybookRunPage';

afterEach(() => vi.unstubAllGlobals());

const run = makeRun({ id: 'run-42' });

function api(onRun: (req: RecordedRequest) => Response) {
  return stubFetch((req) => {
    if (req.method === 'GET' && req.url === '/api/v1/playbooks') return jsonResponse({ data: [httpCheck] });
    if (req.method === 'POST' && req.url === '/api/v1/playbooks/http-check/runs') return onRun(req);
    return notFound();
  });
}

function renderPage(at = '/playbooks/http-check', user = makeMe()) {
  return renderRoute(<PlaybookRunPage />, {
    at,
    user,
    path: '/playbooks/:name',
    extraRoutes: [<Route key="run" path="/runs/:id" element={<p>Run page</p>} />],
  });
}

describe('PlaybookRunPage', () => {
  it('renders the form from paramsSchema, validates, starts the run and opens it', async () => {
    const { requests } = api(() => jsonResponse({ data: run }, 201));
    const user = userEvent.setup();
    renderPage();

    expect(await screen.findByRole('heading', { name: 'HTTP check', level: 1 })).toBeInTheDocument();
    expect(screen.getByLabelText(/^Method/)).toHaveDisplayValue('GET');
    expect(screen.getByLabelText(/^Timeout seconds/)).toHaveValue('10');

    // Client-side validation stops an incomplete form before any request.
    await user.click(screen.getByRole('button', { name: 'Run playbook' }));
    expect(screen.getByText('This field is required.')).toBeInTheDocument();
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);

    await user.type(screen.getByLabelText(/^URL/), 'https://example.com/health');
    await user.click(screen.getByRole('button', { name: 'Run playbook' }));

    expect(await screen.findByText('Run page')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent('/runs/run-42');
    const post = requests.find((r) => r.method === 'POST');
    expect(post?.body).toEqual({
      params: { url: 'https://example.com/health', method: 'GET', expectStatus: 200, timeoutSeconds: 10 },
    });
  });

  it('shows the server error and puts field details under their field', async () => {
    api(() =>
      validationFailed('params do not match the playbook schema', [{ field: 'params.url', message: 'must use http or https' }, { field: 'params', message: 'unexpected property "extra"' }]),
    );
    const user = userEvent.setup();
    renderPage();

    await user.type(await screen.findByLabelText(/^URL/), 'ftp://example.com');
    await user.click(screen.getByRole('button', { name: 'Run playbook' }));

    const alerts = await screen.findAllByRole('alert');
    const alert = alerts.find((el) => el.textContent?.includes('The run was not started'));
    if (!alert) throw new Error('no alert about the failed start');
    expect(alert).toHaveTextContent('params do not match the playbook schema');
    expect(within(alert).getByText(/unexpected property "extra"/)).toBeInTheDocument();
    expect(screen.getByLabelText(/^URL/)).toHaveAccessibleDescription(expect.stringContaining('must use http or https'));
    expect(screen.getByTestId('location')).toHaveTextContent('/playbooks/http-check');
  });

  it('says when the playbook does not exist', async () => {
    api(() => jsonResponse({}, 500));
    renderPage('/playbooks/nope');
    expect(await screen.findByText('Playbook not found')).toBeInTheDocument();
  });

  it('starts a dry run from the toggle and previews its plan on the same page', async () => {
    const planned = makeRun({
      id: 'dry-1',
      status: 'succeeded',
      dryRun: true,
      finishedAt: '2026-11-25T10:00:02Z',
      result: {
        dryRun: true,
        plan: [{ step: 'Request https://example.com/health', kind: 'http', target: 'https://example.com/health', detail: null }],
      },
    });
    const { requests } = stubFetch((req) => {
      if (req.method === 'GET' && req.url === '/api/v1/playbooks') return jsonResponse({ data: [httpCheck] });
      if (req.method === 'POST') return jsonResponse({ data: { ...planned, status: 'pending', result: null, finishedAt: null } }, 201);
      if (req.url === '/api/v1/runs/dry-1') return jsonResponse({ data: planned });
      return notFound();
    });
    const user = userEvent.setup();
    renderPage();

    await user.type(await screen.findByLabelText(/^URL/), 'https://example.com/health');
    await user.click(screen.getByRole('switch', { name: 'Dry run' }));
    await user.click(screen.getByRole('button', { name: 'Preview plan' }));

    const preview = await screen.findByRole('region', { name: 'Plan preview' });
    expect(await within(preview).findByRole('list', { name: 'Planned steps' })).toHaveTextContent('Request https://example.com/health');
    expect(within(preview).getByRole('link', { name: /Open the dry run/ })).toHaveAttribute('href', '/runs/dry-1');
    expect(screen.getByTestId('location')).toHaveTextContent('/playbooks/http-check');
    expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
      params: { url: 'https://example.com/health', method: 'GET', expectStatus: 200, timeoutSeconds: 10 },
      dryRun: true,
    });
  });

  it('explains and disables the form for users who may not run the playbook', async () => {
    const { requests } = api(() => jsonResponse({ data: run }, 201));
    renderPage('/playbooks/http-check', makeMe({ roles: ['viewer'], permissions: ['playbooks:read'] }));

    expect(await screen.findByText('You cannot run this playbook')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Run playbook' })).toBeDisabled();
    expect(screen.getByLabelText(/^URL/)).toBeDisabled();
    expect(requests.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  describe('service to page if the run fails', () => {
    const services = [
      { id: 'svc-2', name: 'payments', description: '', escalationPolicyId: 'p1', slaPolicyId: null, autoResolve: false, playbooks: [], createdAt: '', updatedAt: '' },
      { id: 'svc-1', name: 'checkout-api', description: '', escalationPolicyId: 'p1', slaPolicyId: null, autoResolve: false, playbooks: [], createdAt: '', updatedAt: '' },
    ];
    function apiWithServices(onRun: (req: RecordedRequest) => Response) {
      return stubFetch((req) => {
        if (req.method === 'GET' && req.url === '/api/v1/playbooks') return jsonResponse({ data: [httpCheck] });
        if (req.method === 'GET' && req.url === '/api/v1/services') return jsonResponse({ data: services });
        if (req.method === 'POST' && req.url === '/api/v1/playbooks/http-check/runs') return onRun(req);
        return notFound();
      });
    }

    it('is prefilled from ?serviceId= and sent with the run', async () => {
      const { requests } = apiWithServices(() => jsonResponse({ data: run }, 201));
      const user = userEvent.setup();
      renderPage('/playbooks/http-check?serviceId=svc-1');
      const select = await screen.findByLabelText('Service to page if the run fails');
      await screen.findByRole('option', { name: 'checkout-api' });
      expect(select).toHaveDisplayValue('checkout-api');
      expect(within(select).getAllByRole('option').map((o) => o.textContent)).toEqual(['None: nobody is paged', 'checkout-api', 'payments']);

      await user.type(screen.getByLabelText(/^URL/), 'https://example.com/health');
      await user.click(screen.getByRole('button', { name: 'Run playbook' }));
      expect(await screen.findByText('Run page')).toBeInTheDocument();
      expect(requests.find((r) => r.method === 'POST')?.body).toEqual({
        params: { url: 'https://example.com/health', method: 'GET', expectStatus: 200, timeoutSeconds: 10 },
        serviceId: 'svc-1',
      });
    });

    it('is optional, and the server’s refusal shows under it', async () => {
      const { requests } = apiWithServices(() =>
        validationFailed('invalid input: serviceId: is not an existing service', [{ field: 'serviceId', message: 'is not an existing service' }]),
      );
      const user = userEvent.setup();
      renderPage('/playbooks/http-check?serviceId=gone');
      const select = await screen.findByLabelText('Service to page if the run fails');
      await screen.findByRole('option', { name: 'Unknown service (gone)' });
      await user.type(screen.getByLabelText(/^URL/), 'https://example.com/health');
      await user.click(screen.getByRole('button', { name: 'Run playbook' }));
      expect(await screen.findByText('This field is not an existing service.')).toBeInTheDocument();
      expect(select).toHaveAccessibleDescription(expect.stringContaining('This field is not an existing service.'));
      expect(requests.find((r) => r.method === 'POST')?.body).toMatchObject({ serviceId: 'gone' });

      // Choosing none sends no service.
      await user.selectOptions(select, '');
      expect(screen.queryByText('This field is not an existing service.')).not.toBeInTheDocument();
      await user.click(screen.getByRole('button', { name: 'Run playbook' }));
      await vi.waitFor(() => expect(requests.filter((r) => r.method === 'POST')).toHaveLength(2));
      expect(requests.filter((r) => r.method === 'POST')[1]?.body).not.toHaveProperty('serviceId');
    });
  });
});
