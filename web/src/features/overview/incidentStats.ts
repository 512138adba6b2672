import { useQuery } from '@tanstack/react-query';
import { SEVERITIES, type MetricBucket, type Severity } from '../../api/types';
import { incidentKeys, listIncidents, type MetricsBucket } from '../../entities/incident/api';
import { listRuns, runKeys } from '../../entities/run/api';
import { usePollFallback } from '../../live/polling';
import { incidentMetricsOptions } from './api';

export const RANGES = {
  '24h': { label: 'Last 24 hours', count: 24, bucket: 'hour' },
  '7d': { label: 'Last 7 days', count: 7, bucket: 'day' },
  '30d': { label: 'Last 30 days', count: 30, bucket: 'day' },
} as const satisfies Record<string, { label: string; count: number; bucket: MetricsBucket }>;
export type RangeKey = keyof typeof RANGES;

export const OVERVIEW_POLL_MS = 15_000;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export function parseRange(raw: string | null): RangeKey {
  return raw === '24h' || raw === '30d' ? raw : '7d';
}

export function bucketMs(bucket: MetricsBucket): number {
  return bucket === 'hour' ? HOUR_MS : DAY_MS;
}

/**
 * The range's bounds: `count` whole buckets ending with the current one. `to`
 * is now rounded up to the minute (a stable query key between renders); `from`
 * is the start of the first bucket, an hour boundary, or local midnight for
 * days, since the API cuts its series into buckets counted from `from`.
 */
export function rangeBounds(range: RangeKey, now = Date.now()): { from: string; to: string } {
  const { count, bucket } = RANGES[range];
  const to = Math.ceil(now / 60_000) * 60_000;
  const start = new Date(to - 1);
  if (bucket === 'hour') {
    start.setMinutes(0, 0, 0);
    start.setHours(start.getHours() - (count - 1));
  } else {
    start.setHours(0, 0, 0, 0);
    start.setDate(start.getDate() - (count - 1));
  }
  return { from: start.toISOString(), to: new Date(to).toISOString() };
}

export function useIncidentMetrics(from: string, to: string, bucket: MetricsBucket) {
  const poll = usePollFallback();
  return useQuery({ ...incidentMetricsOptions(from, to, bucket), refetchInterval: poll(OVERVIEW_POLL_MS) });
}

/** Open incidents per severity (exact, from each list's total). */
export function useOpenBySeverity() {
  const poll = usePollFallback();
  return useQuery({
    queryKey: incidentKeys.count({ status: 'open', severity: 'by-severity' }),
    queryFn: async ({ signal }) => {
      const totals = await Promise.all(
        SEVERITIES.map((severity) => listIncidents({ status: 'open', severity, limit: 1 }, signal).then((r) => r.pagination?.total ?? 0)),
      );
      return Object.fromEntries(SEVERITIES.map((s, i) => [s, totals[i] ?? 0])) as Record<Severity, number>;
    },
    refetchInterval: poll(OVERVIEW_POLL_MS),
  });
}

/** How many open incidents breached an SLA deadline (exact: the filtered list's total). */
export function useOpenBreaches() {
  const poll = usePollFallback();
  return useQuery({
    queryKey: incidentKeys.count({ status: 'open', breached: true }),
    queryFn: async ({ signal }) => {
      const page = await listIncidents({ status: 'open', breached: true, limit: 1 }, signal);
      return page.pagination?.total ?? 0;
    },
    refetchInterval: poll(OVERVIEW_POLL_MS),
  });
}

/** Runs in progress and runs waiting for approval. */
export function useActiveRuns(enabled: boolean) {
  const poll = usePollFallback();
  return useQuery({
    queryKey: runKeys.count('active'),
    queryFn: async ({ signal }) => {
      const [running, pending, waiting] = await Promise.all(
        ['running', 'pending', 'waiting_approval'].map((status) =>
          listRuns(1, 1, signal, status).then((r) => r.pagination?.total ?? 0),
        ),
      );
      return { running: (running ?? 0) + (pending ?? 0), waiting: waiting ?? 0 };
    },
    enabled,
    refetchInterval: poll(OVERVIEW_POLL_MS),
  });
}

export interface SeriesPoint {
  /** Bucket start, ms since the epoch. */
  at: number;
  total: number;
  /** Minutes, one decimal; null when no incident of the bucket was acknowledged (resolved). */
  mtta: number | null;
  mttr: number | null;
}

const minutes = (seconds: number | null | undefined) =>
  typeof seconds === 'number' && Number.isFinite(seconds) ? Math.round((seconds / 60) * 10) / 10 : null;

/** The API's series as chart points, oldest first (unreadable buckets are dropped). */
export function seriesPoints(series: readonly MetricBucket[] | null | undefined): SeriesPoint[] {
  if (!Array.isArray(series)) return [];
  return series
    .map((b) => ({ at: Date.parse(b.start), total: typeof b.total === 'number' ? b.total : 0, mtta: minutes(b.mttaSeconds), mttr: minutes(b.mttrSeconds) }))
    .filter((p) => Number.isFinite(p.at))
    .sort((a, b) => a.at - b.at);
}

/**
 * The instant to label a bucket with: its middle for days, so that a bucket
 * shifted by a daylight-saving change (23:00 to 23:00) still reads as its day.
 */
export function labelInstant(at: number, bucket: MetricsBucket): number {
  return bucket === 'day' ? at + DAY_MS / 2 : at;
}
