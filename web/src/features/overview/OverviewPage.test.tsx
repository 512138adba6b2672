import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, stubFetch } from '../../test/http';
import { renderRoute } from '../../test/render';
import { rangeBounds, seriesPoints } from './incidentStats';
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

describe('Incident overview', () => {
  const page = (total: number) => ({ data: [], pagination: { page: 1, limit: 1, total, totalPages: total } });
  const day = (offset: number) => {
    const d = new Date();
    d.setHours(0, 0, 0, 0);
    d.setDate(d.getDate() - offset);
    return d;
  };
  const series = [6, 5, 4, 3, 2, 1, 0].map((offset, i) => ({
    start: day(offset).toISOString(),
    total: i === 3 ? 4 : i === 6 ? 1 : 0,
    mttaSeconds: i === 3 ? 90 : null,
    mttrSeconds: i === 3 ? 3_600 : null,
  }));

  function api() {
    return stubFetch((req) => {
      if (req.url === '/readyz') return jsonResponse({ status: 'ok', checks: {} });
      if (req.url.startsWith('/api/v1/metrics/incidents')) {
        const bucket = new URL(req.url, 'http://x').searchParams.get('bucket');
        return jsonResponse({
          data: {
            from: '',
            to: '',
            total: 5,
            byStatus: {},
            bySeverity: {},
            mttaSeconds: 90,
            mttrSeconds: 3_600,
            slaCompliance: 0.5,
            services: [{ id: 's1', name: 'checkout-api', total: 5, open: 2, mttaSeconds: 90, mttrSeconds: 3_600, slaCompliance: 0.5 }],
            series: bucket === 'day' ? series : [],
          },
        });
      }
      if (req.url.startsWith('/api/v1/incidents?')) return jsonResponse(page(req.url.includes('breached=true') ? 7 : 1));
      return jsonResponse(page(0));
    });
  }

  it('charts the API’s daily series, and counts open SLA breaches exactly from the breached filter', async () => {
    const { requests } = api();
    renderRoute(<OverviewPage />, { at: '/', path: '/' });

    const volume = await screen.findByRole('table', { name: 'Incidents created per day' });
    const rows = within(volume).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(7);
    expect(rows.map((r) => within(r).getByRole('cell').textContent)).toEqual(['0', '0', '0', '4', '0', '0', '1']);
    expect(screen.getByText(/5 incidents created in the range; busiest day: .+ with 4\./)).toBeInTheDocument();

    const times = screen.getByRole('table', { name: 'MTTA and MTTR per day' });
    const busy = within(times).getAllByRole('row')[4] as HTMLElement;
    expect(within(busy).getAllByRole('cell').map((c) => c.textContent)).toEqual(['1.5 min', '1.0 h']);
    expect(within(screen.getByRole('region', { name: 'MTTA and MTTR' })).getByText('Per day, in minutes')).toBeInTheDocument();

    const metrics = requests.filter((r) => r.url.startsWith('/api/v1/metrics/incidents'));
    const query = new URL(metrics[0]?.url ?? '', 'http://x').searchParams;
    expect(query.get('bucket')).toBe('day');
    expect(query.get('from')).toBe(day(6).toISOString());

    const breachTile = (await screen.findByText('Open with SLA breached')).closest('div')?.parentElement as HTMLElement;
    expect(await within(breachTile).findByText('7')).toBeInTheDocument();
    const breachQuery = requests.find((r) => r.url.includes('breached=true'));
    expect(new URL(breachQuery?.url ?? '', 'http://x').searchParams.get('status')).toBe('open');
    expect(new URL(breachQuery?.url ?? '', 'http://x').searchParams.get('limit')).toBe('1');
    // No more paging through the incident list to count or chart.
    expect(requests.some((r) => r.url.includes('limit=100'))).toBe(false);
  });

  it('asks for hourly buckets over the last 24 hours', async () => {
    const { requests } = api();
    renderRoute(<OverviewPage />, { at: '/', path: '/' });
    const user = userEvent.setup();
    await user.click(await screen.findByRole('radio', { name: '24h' }));
    await vi.waitFor(() => expect(requests.some((r) => r.url.includes('bucket=hour'))).toBe(true));
    expect(screen.getByTestId('location')).toHaveTextContent('/?range=24h');
    expect(await screen.findByText('No incident volume to show for this range.')).toBeInTheDocument();
  });
});

describe('rangeBounds', () => {
  it('ends now (to the minute) and starts at the first of the range’s whole buckets', () => {
    const now = new Date(2026, 10, 25, 14, 37, 12).getTime();
    expect(rangeBounds('24h', now)).toEqual({
      from: new Date(2026, 10, 24, 15, 0, 0).toISOString(),
      to: new Date(2026, 10, 25, 14, 38, 0).toISOString(),
    });
    expect(rangeBounds('7d', now).from).toBe(new Date(2026, 10, 19).toISOString());
    expect(rangeBounds('30d', now).from).toBe(new Date(2026, 9, 27).toISOString());
  });
});

describe('seriesPoints', () => {
  it('turns buckets into chart points in minutes, oldest first', () => {
    expect(
      seriesPoints([
        { start: '2026-11-25T01:00:00Z', total: 0, mttaSeconds: null, mttrSeconds: null },
        { start: '2026-11-25T00:00:00Z', total: 2, mttaSeconds: 45, mttrSeconds: 600 },
      ]),
    ).toEqual([
      { at: Date.parse('2026-11-25T00:00:00Z'), total: 2, mtta: 0.8, mttr: 10 },
      { at: Date.parse('2026-11-25T01:00:00Z'), total: 0, mtta: null, mttr: null },
    ]);
    expect(seriesPoints(undefined)).toEqual([]);
  });
});
