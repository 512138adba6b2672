import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { call, callData } from '../../api/call';
import type { PageEnvelope, Run } from '../../api/types';

/** Run query keys; live updates invalidate by these prefixes. */
export const runKeys = {
  all: ['runs'] as const,
  page: (page: number, limit: number) => ['runs', { page, limit }] as const,
  count: (status: string) => ['runs', 'count', status] as const,
  detail: (id: string) => ['run', id] as const,
  logs: (id: string) => ['run', id, 'logs'] as const,
};

export function listRuns(page: number, limit: number, signal?: AbortSignal, status?: string): Promise<PageEnvelope<Run>> {
  const query = new URLSearchParams({ page: String(page), limit: String(limit) });
  if (status) query.set('status', status);
  return call<'GET /api/v1/runs', Run[]>('GET /api/v1/runs', { query, signal });
}

export function getRun(id: string, signal?: AbortSignal): Promise<Run> {
  return callData<'GET /api/v1/runs/{id}', Run>('GET /api/v1/runs/{id}', { params: { id }, signal });
}

export const runsPageOptions = (page: number, limit: number) =>
  queryOptions({
    queryKey: runKeys.page(page, limit),
    queryFn: ({ signal }) => listRuns(page, limit, signal),
    placeholderData: keepPreviousData,
  });

export const runOptions = (id: string) => queryOptions({ queryKey: runKeys.detail(id), queryFn: ({ signal }) => getRun(id, signal) });
