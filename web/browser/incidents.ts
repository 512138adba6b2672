import { randomUUID } from 'node:crypto';
import type { Api } from './platform';

export interface Incident {
  id: string;
  title: string;
  status: string;
  escalationLevel: number;
}

/**
 * Creates an escalation policy whose levels email throw-away addresses (Mailpit
 * catches them), waiting delaysSeconds[i] after paging level i+1, and a service
 * using it. Returns the service's ID.
 */
export async function pagingService(api: Api, delaysSeconds: number[]): Promise<string> {
  const id = randomUUID().slice(0, 8);
  const policy = await api.post<{ id: string }>('/escalation-policies', {
    name: `browser-${id}`,
    repeat: 0,
    levels: delaysSeconds.map((delaySeconds, i) => ({
      delaySeconds,
      targets: [{ type: 'email', address: `level${i + 1}-${id}@example.com` }],
    })),
  });
  const service = await api.post<{ id: string }>('/services', { name: `checkout-${id}`, escalationPolicyId: policy.id, autoResolve: true });
  return service.id;
}

export function openIncident(api: Api, serviceId: string, title: string): Promise<Incident> {
  return api.post<Incident>('/incidents', {
    serviceId,
    title,
    severity: 'critical',
    description: 'Opened by the browser journeys.',
    dedupKey: `browser-${randomUUID()}`,
  });
}
