import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RUN_STATUSES } from '../../api/types';
import { makeRun } from '../../test/fixtures';
import { jsonResponse, notFound, stubFetch } from '../../test/http';
import { renderRoute } from '../../test/render';
import { RUN_POLL_MS, runPollInterval } from '../../entities/run/queries';
import { RunDetailPage } from './RunDetailPage';

afterEach(() => vi.unstubAllGlobals());

function renderRun(run: ReturnType<typeof makeRun> | null) {
  stubFetch(() =>
    run ? jsonResponse({ data: run }) : notFound('run not found'),
  );
  return renderRoute(<RunDetailPage />, { at: '/runs/r1', path: '/runs/:id' });
}

describe('RunDetailPage', () => {
  it('shows a finished run: result as key/values, params, error-free timing and the Temporal link', async () => {
    renderRun(
      makeRun({
        status: 'succeeded',
        startedAt: '2026-11-25T10:00:01Z',
        finishedAt: '2026-11-25T10:00:03.5Z',
        result: { statusCode: 200, latencyMs: 41, headers: { server: 'nginx' } },
      }),
    );
    expect(await screen.findByText('Succeeded')).toBeInTheDocument();
    expect(screen.getByText('statusCode')).toBeInTheDocument();
    expect(screen.getByText('nginx')).toBeInTheDocument();
    expect(screen.getByText('https://example.com')).toBeInTheDocument();
    expect(screen.getByText('2.5 s')).toBeInTheDocument();
    const link = screen.getByRole('link', { name: /Open in Temporal UI/ });
    expect(link).toHaveAttribute('href', expect.stringContaining('/namespaces/default/workflows/'));
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(screen.queryByText(/refreshes every/)).not.toBeInTheDocument();
  });

  it('shows a failed run with its error', async () => {
    renderRun(makeRun({ status: 'failed', error: 'GET https://example.com: status 503, expected 200' }));
    expect(await screen.findByText('The run failed')).toBeInTheDocument();
    expect(screen.getByText(/status 503, expected 200/)).toBeInTheDocument();
  });

  it('names each server a failed run could not reach, with the cause, apart from the result', async () => {
    const mismatch =
      'host key mismatch for server web-1 (10.0.0.1:22): it presented SHA256:other but SHA256:pinned is pinned.';
    renderRun(
      makeRun({
        playbook: 'collect-diagnostics',
        status: 'failed',
        error: `1 server could not be reached: web-1: ${mismatch}`,
        result: {
          servers: [{ server: 'web-1', reachable: false }, { server: 'web-2', uptime: { exitCode: 0 } }],
          unreachableServers: [{ serverId: 's1', server: 'web-1', errorType: 'SSHHostKeyMismatch', error: mismatch }],
        },
      }),
    );
    expect(await screen.findByText('The run failed')).toBeInTheDocument();
    expect(screen.getByText('1 server unreachable')).toBeInTheDocument();
    const section = screen.getByRole('region', { name: 'Unreachable servers' });
    const item = within(within(section).getByRole('list', { name: 'Unreachable servers' })).getByRole('listitem');
    expect(within(item).getByText('web-1')).toBeInTheDocument();
    expect(within(item).getByText('Host key mismatch')).toBeInTheDocument();
    expect(within(item).getByText(mismatch)).toBeInTheDocument();
    const result = screen.getByRole('region', { name: 'Result' });
    expect(within(result).getByText('servers')).toBeInTheDocument();
    expect(within(result).queryByText('unreachableServers')).not.toBeInTheDocument();
  });

  it('shows no unreachable servers for a run that reached them all', async () => {
    renderRun(makeRun({ status: 'succeeded', result: { servers: [{ server: 'web-2' }] } }));
    expect(await screen.findByText('Succeeded')).toBeInTheDocument();
    expect(screen.queryByText(/unreachable/i)).not.toBeInTheDocument();
  });

  it('tells the user a running run refreshes itself', async () => {
    renderRun(makeRun({ status: 'running', startedAt: '2026-11-25T10:00:01Z' }));
    expect(await screen.findByText(/refreshes every 2 s/)).toHaveAttribute('role', 'status');
    expect(screen.getByText('The result appears here when the run finishes.')).toBeInTheDocument();
  });

  it('lists the incidents linked to the run, with their status and relation, and the service it pages', async () => {
    const run = makeRun({
      status: 'failed',
      error: 'exit 1',
      serviceId: 'svc-1',
      incidents: [
        {
          incidentId: 'inc-1',
          runId: 'r1',
          relation: 'triggered',
          createdAt: '2026-11-25T10:00:00Z',
          incidentTitle: 'Checkout 5xx above 5%',
          incidentStatus: 'acknowledged',
          playbook: 'http-check',
          runStatus: 'failed',
        },
        {
          incidentId: 'inc-2',
          runId: 'r1',
          relation: 'failure',
          createdAt: '2026-11-25T10:01:00Z',
          incidentTitle: 'Playbook http-check failed: exit 1',
          incidentStatus: 'triggered',
          playbook: 'http-check',
          runStatus: 'failed',
        },
      ],
    });
    stubFetch((req) =>
      req.url === '/api/v1/services'
        ? jsonResponse({ data: [{ id: 'svc-1', name: 'checkout-api', description: '', escalationPolicyId: 'p1', slaPolicyId: null, autoResolve: false, playbooks: [], createdAt: '', updatedAt: '' }] })
        : jsonResponse({ data: run }),
    );
    renderRoute(<RunDetailPage />, { at: '/runs/r1', path: '/runs/:id' });
    const section = await screen.findByRole('region', { name: 'Incidents' });
    expect(within(section).getByText('2 linked')).toBeInTheDocument();
    const started = within(section).getByRole('link', { name: 'Checkout 5xx above 5%' });
    expect(started).toHaveAttribute('href', '/incidents/inc-1');
    const startedItem = started.closest('li') as HTMLElement;
    expect(within(startedItem).getByText('Acknowledged')).toBeInTheDocument();
    expect(within(startedItem).getByText('Started this run')).toBeInTheDocument();
    const opened = within(section).getByRole('link', { name: 'Playbook http-check failed: exit 1' });
    expect(opened).toHaveAttribute('href', '/incidents/inc-2');
    expect(within(opened.closest('li') as HTMLElement).getByText('Opened because this run failed')).toBeInTheDocument();
    const details = screen.getByRole('region', { name: 'Details' });
    expect(within(details).getByText('Pages if it fails')).toBeInTheDocument();
    expect(await within(details).findByText('checkout-api')).toBeInTheDocument();
  });

  it('says when the run does not exist', async () => {
    renderRun(null);
    expect(await screen.findByText('Run not found')).toBeInTheDocument();
  });
});

describe('runPollInterval', () => {
  it('polls every 2 s while pending, running or awaiting approval, and stops on any final status', () => {
    expect(runPollInterval(undefined)).toBe(RUN_POLL_MS);
    for (const status of RUN_STATUSES) {
      const expected = ['pending', 'running', 'waiting_approval'].includes(status) ? RUN_POLL_MS : false;
      expect(runPollInterval(makeRun({ status }))).toBe(expected);
    }
  });
});
