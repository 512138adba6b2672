import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, stubFetch } from '../../test/http';
import { renderRoute } from '../../test/render';
import { OverviewPage } from './OverviewPage';

afterEach(() => vi.unstubAllGlobals());

describe('OverviewPage', () => {
  it('shows a 503 from /readyz as a degraded platform with one card per dependency', async () => {
    stubFetch((req) => {
      if (req.url === '/readyz') {
        return jsonResponse(
          {
            status: 'unavailable',
            checks: {
              temporal: { status: 'ok', latencyMs: 3.2, address: '127.0.0.1:7233' },
              postgres: { status: 'down', latencyMs: 1000, address: '127.0.0.1:5432', error: 'connection refused' },
              redis: { status: 'ok', latencyMs: 0.4, address: '127.0.0.1:6379' },
            },
          },
          503,
        );
      }
      return jsonResponse({ data: [], pagination: { page: 1, limit: 5, total: 0, totalPages: 0 } });
    });
    renderRoute(<OverviewPage />, { at: '/', path: '/' });

    expect(await screen.findByText('Platform degraded')).toBeInTheDocument();
    expect(screen.getByText(/Not responding: PostgreSQL\./)).toBeInTheDocument();

    const postgres = screen.getByRole('article', { name: 'PostgreSQL' });
    expect(within(postgres).getByText('Down')).toBeInTheDocument();
    expect(within(postgres).getByText('connection refused')).toBeInTheDocument();
    expect(within(postgres).getByText('127.0.0.1:5432')).toBeInTheDocument();
    expect(within(screen.getByRole('article', { name: 'Redis' })).getByText('Operational')).toBeInTheDocument();
    expect(within(screen.getByRole('article', { name: 'Temporal' })).getByText('3.2 ms')).toBeInTheDocument();
    expect(await screen.findByText(/No runs yet/)).toBeInTheDocument();
  });

  it('says the API is unreachable when /readyz cannot be fetched', async () => {
    stubFetch(() => Promise.reject(new TypeError('fetch failed')));
    renderRoute(<OverviewPage />, { at: '/', path: '/' });
    expect(await screen.findByText('API unreachable')).toBeInTheDocument();
  });
});
