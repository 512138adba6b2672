import { request } from '../../api/client';
import type { DataEnvelope, Run } from '../../api/types';

/**
 * POST /playbooks/:name/runs; a dry run only plans (its result lists the plan).
 * `serviceId` names the service paged if the run fails (the circuit breaker).
 */
export async function startRun(playbook: string, params: Record<string, unknown>, dryRun = false, serviceId = ''): Promise<Run> {
  const body = await request<DataEnvelope<Run>>(`/api/v1/playbooks/${encodeURIComponent(playbook)}/runs`, {
    method: 'POST',
    body: { params, ...(dryRun ? { dryRun: true } : {}), ...(serviceId ? { serviceId } : {}) },
  });
  return body.data;
}
