import { call, callData } from '../../api/call';
import type { Run, RunLogPage } from '../../api/types';

/** POST /runs/:id/cancel — 202; the run turns cancelled once its workflow stops. */
export function cancelRun(id: string): Promise<Run> {
  return callData<'POST /api/v1/runs/{id}/cancel', Run>('POST /api/v1/runs/{id}/cancel', { params: { id } });
}

/** POST /runs/:id/approve|reject — 403 for your own run, 409 when nothing waits. */
export function decideRun(id: string, approve: boolean, note: string): Promise<Run> {
  type Decision = 'POST /api/v1/runs/{id}/approve' | 'POST /api/v1/runs/{id}/reject';
  return callData<Decision, Run>(approve ? 'POST /api/v1/runs/{id}/approve' : 'POST /api/v1/runs/{id}/reject', {
    params: { id },
    body: note.trim() ? { note: note.trim() } : undefined,
  });
}

/** GET /runs/:id/logs?after=<cursor> — the lines after `after`, and the cursor to ask from next. */
export function getRunLogs(id: string, after: string, signal?: AbortSignal): Promise<RunLogPage> {
  const query = new URLSearchParams(after ? { after } : {});
  return call('GET /api/v1/runs/{id}/logs', { params: { id }, query, signal });
}
