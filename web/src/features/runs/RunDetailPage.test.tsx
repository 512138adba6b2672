import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RUN_STATUSES } from '../../api/types';
import { makeRun } from '../../test/fixtures';
import { jsonResponse, stubFetch } from '../../test/http';
import { renderRoute } from '../../test/render';
import { RUN_POLL_MS, runPollInterval } from './queries';
import { RunDetailPage } from './RunDetailPage';

afterEach(() => vi.unstubAllGlobals());

function renderRun(run: ReturnType<typeof makeRun> | null) {
  stubFetch(() =>
    run ? jsonResponse({ data: run }) : jsonResponse({ error: 'not_found', message: 'run not found', statusCode: 404 }, 404),
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

  it('tells the user a running run refreshes itself', async () => {
    renderRun(makeRun({ status: 'running', startedAt: '2026-11-25T10:00:01Z' }));
    expect(await screen.findByText(/refreshes every 2 s/)).toHaveAttribute('role', 'status');
    expect(screen.getByText('The result appears here when the run finishes.')).toBeInTheDocument();
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
