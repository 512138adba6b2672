import { callData } from '../../api/call';
import type { Run } from '../../api/types';

/**
 * POST /playbooks/:name/runs; a dry run only plans (its result lists the plan).
 * `serviceId` names the service paged if the run fails (the circuit breaker).
 */
export function startRun(playbook: string, params: Record<string, unknown>, dryRun = false, serviceId = ''): Promise<Run> {
  return callData<'POST /api/v1/playbooks/{name}/runs', Run>('POST /api/v1/playbooks/{name}/runs', {
    params: { name: playbook },
    body: { params, ...(dryRun ? { dryRun: true } : {}), ...(serviceId ? { serviceId } : {}) },
  });
}
