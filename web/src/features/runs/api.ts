import { request } from '../../api/client';
import type { DataEnvelope, Run, RunLogPage } from '../../api/types';

/** POST /runs/:id/cancel — 202; the run turns cancelled once its workflow stops. */
export async function cancelRun(id: string): Promise<Run> {
  const body = await request<DataEnvelope<Run>>(`/api/v1/runs/${encodeURIComponent(id)}/cancel`, { method: 'POST' });
  return body.data;
}

/** POST /runs/:id/approve|reject — 403 for your own run, 409 when nothing waits. */
export async function decideRun(id: string, approve: boolean, note: string): Promise<Run> {
  const body = await request<DataEnvelope<Run>>(`/api/v1/runs/${encodeURIComponent(id)}/${approve ? 'approve' : 'reject'}`, {
    method: 'POST',
    body: note.trim() ? { note: note.trim() } : undefined,
  });
  return body.data;
}

/** GET /runs/:id/logs?after=<cursor> — the lines after `after`, and the cursor to ask from next. */
export function getRunLogs(id: string, after: string, signal?: AbortSignal): Promise<RunLogPage> {
  const query = after ? `?${new URLSearchParams({ after }).toString()}` : '';
  return request<RunLogPage>(`/api/v1/runs/${encodeURIComponent(id)}/logs${query}`, { signal });
}
