import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Run } from '../../api/types';
import { makeMe, makeRun } from '../../test/fixtures';
import { jsonResponse, notFound, stubFetch, type RecordedRequest } from '../../test/http';
import { openDialog, renderRoute } from '../../test/render';
import { planOf } from '../../entities/run/DryRunPlan';
import { RunDetailPage } from './RunDetailPage';

afterEach(() => vi.unstubAllGlobals());

const waiting = makeRun({
  id: 'r1',
  status: 'waiting_approval',
  startedAt: '2026-11-25T10:00:01Z',
  requestedBy: 'olga@example.com',
  steps: [
    {
      seq: 1,
      name: 'Check service health',
      kind: 'http',
      target: 'https://example.com/health',
      status: 'succeeded',
      attempts: 2,
      error: null,
      result: { statusCode: 200 },
      startedAt: '2026-11-25T10:00:01Z',
      finishedAt: '2026-11-25T10:00:02.5Z',
    },
    {
      seq: 2,
      name: 'Restart nginx',
      kind: 'ssh',
      target: 'web-1',
      status: 'waiting_approval',
      attempts: 0,
      error: null,
      result: null,
      startedAt: '2026-11-25T10:00:03Z',
      finishedAt: null,
    },
  ],
});

function api(run: Run, { onPost, logs }: { onPost?: (req: RecordedRequest) => Response; logs?: () => Response } = {}) {
  return stubFetch((req) => {
    if (req.method === 'POST') return onPost ? onPost(req) : jsonResponse({}, 500);
    if (req.url.startsWith(`/api/v1/runs/${run.id}/logs`)) {
      return logs ? logs() : notFound();
    }
    if (req.url === `/api/v1/runs/${run.id}`) return jsonResponse({ data: run });
    return notFound();
  });
}

const renderRun = (run: Run, user = makeMe()) => renderRoute(<RunDetailPage />, { at: `/runs/${run.id}`, path: '/runs/:id', user });

describe('RunDetailPage approvals', () => {
  it('lets an approver approve a waiting run with a note', async () => {
    const { requests } = api(waiting, { onPost: () => jsonResponse({ data: { ...waiting, status: 'running' } }) });
    renderRun(waiting);
    expect(await screen.findByText('This run is waiting for approval')).toBeInTheDocument();
    expect(screen.getByText(/“Restart nginx”/)).toBeInTheDocument();
    const user = userEvent.setup();
    await user.type(screen.getByLabelText(/^Note/), 'Change window CHG-1234');
    await user.click(screen.getByRole('button', { name: 'Approve' }));
    const post = requests.find((r) => r.method === 'POST');
    expect(post?.url).toBe('/api/v1/runs/r1/approve');
    expect(post?.body).toEqual({ note: 'Change window CHG-1234' });
  });

  it('rejects, and shows why the API refused (own run)', async () => {
    const { requests } = api(waiting, {
      onPost: () => jsonResponse({ error: 'forbidden', message: 'you cannot approve your own run', statusCode: 403 }, 403),
    });
    renderRun(waiting);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Reject' }));
    expect(requests.find((r) => r.method === 'POST')?.url).toBe('/api/v1/runs/r1/reject');
    expect(await screen.findByText('you cannot approve your own run')).toBeInTheDocument();
  });

  it('hides approve and reject from users without playbooks:approve', async () => {
    api(waiting);
    renderRun(waiting, makeMe({ roles: ['operator'], permissions: ['playbooks:read', 'playbooks:run'] }));
    expect(await screen.findByText('This run is waiting for approval')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Reject' })).not.toBeInTheDocument();
    expect(screen.getByText(/playbooks:approve permission has to approve/)).toBeInTheDocument();
  });

  it.each(['running', 'succeeded', 'failed'] as const)('shows no approval controls for a %s run', async (status) => {
    const run = { ...waiting, status };
    api(run);
    renderRun(run);
    expect(await screen.findByRole('heading', { level: 1 })).toBeInTheDocument();
    expect(screen.queryByText('This run is waiting for approval')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Approve' })).not.toBeInTheDocument();
  });
});

describe('RunDetailPage steps, cancel, logs', () => {
  it('lists steps with status, attempts, timing, exit code and error', async () => {
    const run = makeRun({
      id: 'r2',
      status: 'failed',
      finishedAt: '2026-11-25T10:00:09Z',
      startedAt: '2026-11-25T10:00:01Z',
      steps: [
        {
          seq: 1,
          name: 'Restart nginx',
          kind: 'ssh',
          target: 'web-1',
          status: 'failed',
          attempts: 3,
          exitCode: 1,
          error: 'Job for nginx.service failed',
          result: null,
          startedAt: '2026-11-25T10:00:01Z',
          finishedAt: '2026-11-25T10:00:04Z',
        },
      ],
    });
    api(run);
    renderRun(run);
    const steps = await screen.findByRole('list', { name: 'Steps' });
    const step = within(steps).getByText('Restart nginx').closest('li');
    if (!step) throw new Error('no step');
    expect(step).toHaveTextContent('Failed');
    expect(step).toHaveTextContent('Attempts3');
    expect(step).toHaveTextContent('Exit code1');
    expect(step).toHaveTextContent('Took3.0 s');
    expect(step).toHaveTextContent('Job for nginx.service failed');
  });

  it('cancels a running run after confirmation, for users who may run playbooks', async () => {
    const run = makeRun({ id: 'r3', status: 'running', startedAt: '2026-11-25T10:00:01Z', steps: [] });
    const { requests } = api(run, { onPost: () => jsonResponse({ data: run }, 202) });
    renderRun(run);
    const user = userEvent.setup();
    const dialog = await openDialog(user, 'Cancel run', 'Cancel this run?');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel run' }));
    expect(requests.find((r) => r.method === 'POST')?.url).toBe('/api/v1/runs/r3/cancel');
  });

  it('offers no cancel to viewers, nor for a finished run', async () => {
    const run = makeRun({ id: 'r4', status: 'running', steps: [] });
    api(run);
    const { unmount } = renderRun(run, makeMe({ roles: ['viewer'], permissions: ['playbooks:read'] }));
    expect(await screen.findByText(/This run is in progress/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel run' })).not.toBeInTheDocument();
    unmount();
    const done = makeRun({ id: 'r5', status: 'succeeded' });
    api(done);
    renderRun(done);
    expect(await screen.findByText('Succeeded')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Cancel run' })).not.toBeInTheDocument();
  });

  it('shows the output lines, and copes with a missing logs endpoint', async () => {
    const run = makeRun({ id: 'r6', status: 'succeeded' });
    api(run, {
      logs: () =>
        jsonResponse({
          data: [
            { step: 1, stream: 'stdout', text: 'nginx: configuration file test is successful', at: '2026-11-25T10:00:02Z' },
            { step: 1, stream: 'stderr', text: 'warning: old pid file', at: '2026-11-25T10:00:02Z' },
          ],
          pagination: { next: '' },
        }),
    });
    const { unmount } = renderRun(run);
    const log = await screen.findByRole('log', { name: 'Run output' });
    expect(log).toHaveTextContent('configuration file test is successful');
    expect(log).toHaveTextContent('warning: old pid file');
    unmount();

    const other = makeRun({ id: 'r7', status: 'succeeded' });
    api(other);
    renderRun(other);
    expect(await screen.findByText('No logs are available for this run.')).toBeInTheDocument();
  });
});

describe('dry runs', () => {
  const plan = [
    { step: 'Request https://example.com/health', kind: 'http', target: 'https://example.com/health', detail: { method: 'GET' } },
    { step: 'Restart nginx', kind: 'ssh', target: 'web-1', detail: 'systemctl restart nginx' },
  ];

  it('reads the plan only from a dry run result', () => {
    expect(planOf({ dryRun: true, plan })).toHaveLength(2);
    expect(planOf({ statusCode: 200 })).toBeNull();
    expect(planOf(null)).toBeNull();
    expect(planOf({ dryRun: true, plan: 'nope' })).toBeNull();
  });

  it('renders the plan of a finished dry run instead of a result', async () => {
    const run = makeRun({ id: 'r8', status: 'succeeded', dryRun: true, result: { dryRun: true, plan, output: null } });
    api(run);
    renderRun(run);
    const list = await screen.findByRole('list', { name: 'Planned steps' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent('Request https://example.com/health');
    expect(items[0]).toHaveTextContent('GET');
    expect(items[1]).toHaveTextContent('ssh');
    expect(items[1]).toHaveTextContent('systemctl restart nginx');
    expect(screen.getByText('Nothing was executed')).toBeInTheDocument();
    expect(screen.getAllByText('Dry run').length).toBeGreaterThan(0);
    expect(screen.queryByRole('heading', { name: 'Result' })).not.toBeInTheDocument();
  });
});
