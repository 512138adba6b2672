import { useQuery } from '@tanstack/react-query';
import { getIncidentMetrics, listIncidents, listRuns, queryKeys } from '../../api/endpoints';
import { SEVERITIES, type Incident, type Severity } from '../../api/types';

export const RANGES = {
  '24h': { label: 'Last 24 hours', ms: 24 * 3_600_000, bucketMs: 3_600_000 },
  '7d': { label: 'Last 7 days', ms: 7 * 86_400_000, bucketMs: 86_400_000 },
  '30d': { label: 'Last 30 days', ms: 30 * 86_400_000, bucketMs: 86_400_000 },
} as const;
export type RangeKey = keyof typeof RANGES;

export const OVERVIEW_POLL_MS = 15_000;
/** Pages of 100 read to draw the volume chart; past that the chart says it is partial. */
export const VOLUME_MAX_PAGES = 5;

export function parseRange(raw: string | null): RangeKey {
  return raw === '24h' || raw === '30d' ? raw : '7d';
}

/** The range's bounds, rounded down to the minute so the query key is stable between renders. */
export function rangeBounds(range: RangeKey, now = Date.now()): { from: string; to: string } {
  const to = Math.ceil(now / 60_000) * 60_000;
  return { from: new Date(to - RANGES[range].ms).toISOString(), to: new Date(to).toISOString() };
}

export function useIncidentMetrics(from: string, to: string) {
  return useQuery({
    queryKey: queryKeys.incidentMetrics(from, to),
    queryFn: ({ signal }) => getIncidentMetrics(from, to, signal),
    refetchInterval: OVERVIEW_POLL_MS,
  });
}

/** Open incidents per severity (exact, from each list's total). */
export function useOpenBySeverity() {
  return useQuery({
    queryKey: queryKeys.incidentCount({ status: 'open', severity: 'by-severity' }),
    queryFn: async ({ signal }) => {
      const totals = await Promise.all(
        SEVERITIES.map((severity) => listIncidents({ status: 'open', severity, limit: 1 }, signal).then((r) => r.pagination?.total ?? 0)),
      );
      return Object.fromEntries(SEVERITIES.map((s, i) => [s, totals[i] ?? 0])) as Record<Severity, number>;
    },
    refetchInterval: OVERVIEW_POLL_MS,
  });
}

export interface BreachSummary {
  ack: number;
  resolve: number;
  /** Incidents counted; fewer than the open total when there are more than 100. */
  counted: number;
  total: number;
}

/** Open incidents whose SLA is already breached (the API has no filter for it: counted from the latest 100). */
export function useOpenBreaches() {
  return useQuery({
    queryKey: queryKeys.incidentCount({ status: 'open', sort: 'updated_at', limit: 100 }),
    queryFn: async ({ signal }): Promise<BreachSummary> => {
      const page = await listIncidents({ status: 'open', sort: 'updated_at', limit: 100 }, signal);
      const list = Array.isArray(page.data) ? page.data : [];
      return {
        ack: list.filter((i) => i.ackBreached).length,
        resolve: list.filter((i) => i.resolveBreached).length,
        counted: list.length,
        total: page.pagination?.total ?? list.length,
      };
    },
    refetchInterval: OVERVIEW_POLL_MS,
  });
}

/** Runs in progress and runs waiting for approval. */
export function useActiveRuns(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.runCount('active'),
    queryFn: async ({ signal }) => {
      const [running, pending, waiting] = await Promise.all(
        ['running', 'pending', 'waiting_approval'].map((status) =>
          listRuns(1, 1, signal, status).then((r) => r.pagination?.total ?? 0),
        ),
      );
      return { running: (running ?? 0) + (pending ?? 0), waiting: waiting ?? 0 };
    },
    enabled,
    refetchInterval: OVERVIEW_POLL_MS,
  });
}

export interface VolumeBucket {
  /** Bucket start, ms since the epoch. */
  at: number;
  critical: number;
  high: number;
  medium: number;
  low: number;
}

/** Incidents created per hour (24h) or day (7d, 30d), stacked by severity. */
export function bucketIncidents(incidents: Pick<Incident, 'createdAt' | 'severity'>[], from: string, to: string, bucketMs: number): VolumeBucket[] {
  const start = Date.parse(from);
  const end = Date.parse(to);
  const offset = bucketMs >= 86_400_000 ? new Date(start).getTimezoneOffset() * 60_000 : 0;
  const floor = (t: number) => Math.floor((t - offset) / bucketMs) * bucketMs + offset;
  const buckets = new Map<number, VolumeBucket>();
  for (let t = floor(start); t <= end; t += bucketMs) buckets.set(t, { at: t, critical: 0, high: 0, medium: 0, low: 0 });
  for (const incident of incidents) {
    const bucket = buckets.get(floor(Date.parse(incident.createdAt)));
    if (bucket && (SEVERITIES as readonly string[]).includes(incident.severity)) bucket[incident.severity] += 1;
  }
  return [...buckets.values()];
}

/** Incidents created in the range, read page by page (the API has no time-series endpoint). */
export function useIncidentVolume(from: string, to: string) {
  return useQuery({
    queryKey: ['incidents', 'volume', { from, to }],
    queryFn: async ({ signal }) => {
      const incidents: Incident[] = [];
      let total = 0;
      for (let page = 1; page <= VOLUME_MAX_PAGES; page++) {
        const res = await listIncidents({ status: '', from, to, sort: 'created_at', order: 'desc', limit: 100, page }, signal);
        const list = Array.isArray(res.data) ? res.data : [];
        incidents.push(...list);
        total = res.pagination?.total ?? incidents.length;
        if (incidents.length >= total || list.length === 0) break;
      }
      return { incidents, total, partial: incidents.length < total };
    },
    refetchInterval: OVERVIEW_POLL_MS * 4,
  });
}
