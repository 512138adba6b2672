import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { call } from '../../api/call';
import type { Incident, PageEnvelope } from '../../api/types';
import { normaliseIncident } from './normalise';

export const INCIDENT_SORTS = ['created_at', 'updated_at', 'severity', 'status'] as const;
export type IncidentSort = (typeof INCIDENT_SORTS)[number];

export interface IncidentFilter {
  /** Comma-separated statuses, "open" for every open one, "" for all. */
  status: string;
  /** Comma-separated severities, "" for all. */
  severity: string;
  serviceId: string;
  assigneeId: string;
  q: string;
  /** RFC 3339 bounds on creation time; "" for none. */
  from: string;
  to: string;
  sort: IncidentSort;
  order: 'asc' | 'desc';
  page: number;
  limit: number;
  /** Only incidents that breached an SLA deadline. */
  breached?: boolean;
}

export const defaultIncidentFilter: IncidentFilter = {
  status: '',
  severity: '',
  serviceId: '',
  assigneeId: '',
  q: '',
  from: '',
  to: '',
  sort: 'created_at',
  order: 'desc',
  page: 1,
  limit: 20,
};

function incidentQuery(filter: Partial<IncidentFilter>): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...defaultIncidentFilter, ...filter })) {
    if (value !== '' && value !== undefined) query.set(key, String(value));
  }
  return query;
}

export type MetricsBucket = 'hour' | 'day';

/** Incident query keys; live updates invalidate by these prefixes. */
export const incidentKeys = {
  all: ['incidents'] as const,
  list: (filter: IncidentFilter) => ['incidents', filter] as const,
  count: (filter: Partial<IncidentFilter>) => ['incidents', 'count', filter] as const,
  detail: (id: string) => ['incident', id] as const,
  timeline: (id: string) => ['incident', id, 'timeline'] as const,
  notifications: (id: string) => ['incident', id, 'notifications'] as const,
  allMetrics: ['incident-metrics'] as const,
  metrics: (from: string, to: string, bucket: MetricsBucket | '' = '') =>
    ['incident-metrics', bucket ? { from, to, bucket } : { from, to }] as const,
};

export async function listIncidents(filter: Partial<IncidentFilter>, signal?: AbortSignal): Promise<PageEnvelope<Incident>> {
  const body = await call<'GET /api/v1/incidents', Incident[]>('GET /api/v1/incidents', { query: incidentQuery(filter), signal });
  return { ...body, data: body.data.map(normaliseIncident) };
}

export const incidentsOptions = (filter: IncidentFilter) =>
  queryOptions({
    queryKey: incidentKeys.list(filter),
    queryFn: ({ signal }) => listIncidents(filter, signal),
    placeholderData: keepPreviousData,
  });
