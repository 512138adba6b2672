import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Me } from '../api/types';
import { resetAuthForTests } from '../auth/session';
import { useRunLogs } from '../features/runs/useRunLogs';
import { makeMe, makeSession } from '../test/fixtures';
import { jsonResponse, stubFetch } from '../test/http';
import { FakeBroadcastChannel, FakeLocks } from '../test/sharedTabs';
import { LiveProvider } from './LiveContext';
import { LiveIndicator } from './LiveIndicator';
import { useLiveUpdates } from './useLiveUpdates';

afterEach(() => {
  vi.unstubAllGlobals();
  delete (navigator as { locks?: unknown }).locks;
  FakeBroadcastChannel.reset();
});

function Shell({ children }: { children?: React.ReactNode }) {
  const live = useLiveUpdates();
  return (
    <LiveProvider value={live}>
      <LiveIndicator />
      {children}
    </LiveProvider>
  );
}

function Logs({ runId }: { runId: string }) {
  const logs = useRunLogs(runId, true);
  return <output data-testid="log-lines">{logs.lines.length}</output>;
}

/** The API's event stream, written by the test. */
function eventStream() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
    },
  });
  return {
    response: () => new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }),
    send: (kind: string, id: string) =>
      controller.enqueue(new TextEncoder().encode(`event: ${kind}\ndata: ${JSON.stringify({ kind, id })}\n\n`)),
  };
}

function renderShell(user: Me, children?: React.ReactNode) {
  resetAuthForTests({ status: 'signedIn', session: makeSession(user) });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  render(
    <QueryClientProvider client={queryClient}>
      <Shell>{children}</Shell>
    </QueryClientProvider>,
  );
  return queryClient;
}

describe('useLiveUpdates', () => {
  it('shows Live, and an event makes the matching queries refetch', async () => {
    const events = eventStream();
    const { requests } = stubFetch((req) => (req.url === '/api/v1/events' ? events.response() : jsonResponse({})));
    const queryClient = renderShell(makeMe());
    queryClient.setQueryData(['run', 'r1'], { id: 'r1' });
    queryClient.setQueryData(['run', 'r2'], { id: 'r2' });

    expect(await screen.findByRole('status', { name: /live updates on/i })).toHaveTextContent('Live');
    expect(requests[0]?.headers.Authorization).toBe('Bearer access-1');

    events.send('run', 'r1');
    await waitFor(() => expect(queryClient.getQueryState(['run', 'r1'])?.isInvalidated).toBe(true));
    expect(queryClient.getQueryState(['run', 'r2'])?.isInvalidated).toBe(false);
  });

  it('fetches a run’s new log lines as soon as they are announced', async () => {
    const events = eventStream();
    let available = 1; // lines the run has written so far
    stubFetch((req) => {
      if (req.url === '/api/v1/events') return events.response();
      if (req.url.startsWith('/api/v1/runs/r1/logs')) {
        const after = Number(new URL(req.url, 'http://x').searchParams.get('after') ?? 0);
        const data = Array.from({ length: available - after }, (_, i) => ({ id: after + i + 1, text: `line ${after + i + 1}\n` }));
        return jsonResponse({ data, pagination: { next: String(available) } });
      }
      return jsonResponse({});
    });
    renderShell(makeMe(), <Logs runId="r1" />);
    await screen.findByRole('status', { name: /live updates on/i });
    await waitFor(() => expect(screen.getByTestId('log-lines')).toHaveTextContent(/^1$/));

    available = 2;
    events.send('run_log', 'other-run');
    events.send('run_log', 'r1');
    // Well before the 2 s poll.
    await waitFor(() => expect(screen.getByTestId('log-lines')).toHaveTextContent(/^2$/), { timeout: 1_000 });
  });

  it('does not open a stream for a user who can read neither incidents nor runs', async () => {
    const { requests } = stubFetch(() => jsonResponse({}));
    renderShell(makeMe({ roles: ['auditor'], permissions: ['audit:read'] }));
    await new Promise((r) => setTimeout(r, 50));
    expect(requests.filter((r) => r.url === '/api/v1/events')).toHaveLength(0);
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
  });

  describe('with several tabs', () => {
    function tabs(n: number) {
      // A stream of its own for each request; the test writes to the first.
      const opened: ReturnType<typeof eventStream>[] = [];
      const { requests } = stubFetch((req) => {
        if (req.url !== '/api/v1/events') return jsonResponse({});
        const stream = eventStream();
        opened.push(stream);
        return stream.response();
      });
      const clients = Array.from({ length: n }, () => {
        const queryClient = renderShell(makeMe());
        queryClient.setQueryData(['run', 'r1'], { id: 'r1' });
        return queryClient;
      });
      return { send: (kind: string, id: string) => opened[0]!.send(kind, id), clients, streams: () => requests.filter((r) => r.url === '/api/v1/events') };
    }

    it('opens one stream per tab without Web Locks or BroadcastChannel', async () => {
      vi.stubGlobal('BroadcastChannel', undefined);
      const { streams } = tabs(2);
      await waitFor(() => expect(streams()).toHaveLength(2));
    });

    it('shares one stream between tabs, and its events reach every tab', async () => {
      vi.stubGlobal('BroadcastChannel', FakeBroadcastChannel);
      Object.defineProperty(navigator, 'locks', { value: new FakeLocks(), configurable: true });
      const { send, clients, streams } = tabs(2);

      await waitFor(() => expect(screen.getAllByRole('status', { name: /live updates on/i })).toHaveLength(2));
      expect(streams()).toHaveLength(1);

      send('run', 'r1');
      await waitFor(() => {
        for (const client of clients) expect(client.getQueryState(['run', 'r1'])?.isInvalidated).toBe(true);
      });
    });
  });
});
