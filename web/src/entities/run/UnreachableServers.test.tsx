import { render, screen, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { makeRun } from '../../test/fixtures';
import { RunsTable } from './RunsTable';
import { unreachableCause, unreachableOf } from './UnreachableServers';

describe('unreachableOf', () => {
  it('reads result.unreachableServers and ignores anything else', () => {
    expect(unreachableOf(null)).toEqual([]);
    expect(unreachableOf({ servers: [] })).toEqual([]);
    expect(unreachableOf({ unreachableServers: 'web-1' })).toEqual([]);
    expect(
      unreachableOf({
        unreachableServers: [{ server: 'web-3', errorType: 'SSHConnectFailed', error: 'connection refused' }, 'junk'],
      }),
    ).toEqual([{ server: 'web-3', errorType: 'SSHConnectFailed', error: 'connection refused' }]);
  });

  it('names every cause, including ones it does not know', () => {
    expect(unreachableCause('SSHHostKeyMismatch')).toBe('Host key mismatch');
    expect(unreachableCause('SSHConnectFailed')).toBe('Could not connect');
    expect(unreachableCause('SSHAuthFailed')).toBe('Login refused');
    expect(unreachableCause('SSHSomethingNew')).toBe('Something New');
  });
});

describe('RunsTable', () => {
  it('marks a run that could not reach servers next to its status', () => {
    const runs = [
      makeRun({
        id: 'run-unreachable-1',
        playbook: 'collect-diagnostics',
        status: 'failed',
        result: {
          unreachableServers: [
            { server: 'web-1', errorType: 'SSHHostKeyMismatch', error: 'host key mismatch' },
            { server: 'web-3', errorType: 'SSHConnectFailed', error: 'connection refused' },
          ],
        },
      }),
      makeRun({ id: 'run-fine-2', playbook: 'http-check', status: 'failed', error: 'status 503' }),
    ];
    render(
      <MemoryRouter>
        <RunsTable runs={runs} caption="Runs" />
      </MemoryRouter>,
    );
    const [, first, second] = screen.getAllByRole('row') as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(first).getByText('Failed')).toBeInTheDocument();
    expect(within(first).getByText('2 servers unreachable')).toBeInTheDocument();
    expect(within(second).getByText('Failed')).toBeInTheDocument();
    expect(within(second).queryByText(/unreachable/)).not.toBeInTheDocument();
  });
});
