import { request } from './client';
import type { DataEnvelope, PageEnvelope, Playbook, Readiness, Run } from './types';

/** Query keys in one place so pages can invalidate each other's data. */
export const queryKeys = {
  readiness: ['readiness'] as const,
  playbooks: ['playbooks'] as const,
  runs: (page: number, limit: number) => ['runs', { page, limit }] as const,
  allRuns: ['runs'] as const,
  run: (id: string) => ['run', id] as const,
};

/** GET /readyz — 503 still carries every check, so it is a normal answer here. */
export function getReadiness(signal?: AbortSignal): Promise<Readiness> {
  return request<Readiness>('/readyz', { signal, acceptStatuses: [503] });
}

export async function listPlaybooks(signal?: AbortSignal): Promise<Playbook[]> {
  const body = await request<DataEnvelope<Playbook[]>>('/api/v1/playbooks', { signal });
  return body.data;
}

export async function startRun(playbook: string, params: Record<string, unknown>): Promise<Run> {
  const body = await request<DataEnvelope<Run>>(`/api/v1/playbooks/${encodeURIComponent(playbook)}/runs`, {
    method: 'POST',
    body: { params },
  });
  return body.data;
}

export function listRuns(page: number, limit: number, signal?: AbortSignal): Promise<PageEnvelope<Run>> {
  const query = new URLSearchParams({ page: String(page), limit: String(limit) });
  return request<PageEnvelope<Run>>(`/api/v1/runs?${query.toString()}`, { signal });
}

export async function getRun(id: string, signal?: AbortSignal): Promise<Run> {
  const body = await request<DataEnvelope<Run>>(`/api/v1/runs/${encodeURIComponent(id)}`, { signal });
  return body.data;
}
