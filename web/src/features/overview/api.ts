import { queryOptions } from '@tanstack/react-query';
import { callData } from '../../api/call';
import { request } from '../../api/client';
import type { IncidentMetrics, Readiness } from '../../api/types';
import { incidentKeys, type MetricsBucket } from '../../entities/incident/api';

/** GET /readyz — 503 still carries every check, so it is a normal answer here. */
export function getReadiness(signal?: AbortSignal): Promise<Readiness> {
  return request<Readiness>('/readyz', { signal, acceptStatuses: [503] });
}

/** GET /metrics/incidents; with a bucket the answer carries a `series` over the range. */
export function getIncidentMetrics(
  from: string,
  to: string,
  signal?: AbortSignal,
  bucket: MetricsBucket | '' = '',
): Promise<IncidentMetrics> {
  const query = new URLSearchParams();
  if (from) query.set('from', from);
  if (to) query.set('to', to);
  if (bucket) query.set('bucket', bucket);
  return callData<'GET /api/v1/metrics/incidents', IncidentMetrics>('GET /api/v1/metrics/incidents', { query, signal });
}

export const readinessOptions = () => queryOptions({ queryKey: ['readiness'] as const, queryFn: ({ signal }) => getReadiness(signal) });

export const incidentMetricsOptions = (from: string, to: string, bucket: MetricsBucket) =>
  queryOptions({ queryKey: incidentKeys.metrics(from, to, bucket), queryFn: ({ signal }) => getIncidentMetrics(from, to, signal, bucket) });
