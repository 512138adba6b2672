import { queryOptions } from '@tanstack/react-query';
import { call, callData, type Filled } from '../../api/call';
import type { CreateScheduleRequest, PolicyRequest, SlaRequest } from '../../api/generated';
import type {
  EscalationPolicy,
  OnCall,
  PlaybookTrigger,
  Schedule,
  Service,
  SlaPolicy,
} from '../../api/types';

export const oncallKeys = {
  escalationPolicies: ['escalation-policies'] as const,
  slaPolicies: ['sla-policies'] as const,
  schedules: ['schedules'] as const,
  onCall: (id: string) => ['schedules', id, 'oncall'] as const,
};

export interface NewService {
  name: string;
  description: string;
  escalationPolicyId: string;
  slaPolicyId: string | null;
  autoResolve: boolean;
  /** Playbooks started when an incident of the service triggers; 400 details name `playbooks[i].playbook|params`. */
  playbooks?: PlaybookTrigger[];
}

export function createService(service: NewService): Promise<Service> {
  return callData('POST /api/v1/services', { body: service });
}

/** PATCH /services/:id — replaces the whole service (send every field). */
export function updateService(id: string, service: NewService): Promise<Service> {
  return callData('PATCH /api/v1/services/{id}', { params: { id }, body: service });
}

export function listEscalationPolicies(signal?: AbortSignal): Promise<EscalationPolicy[]> {
  return callData('GET /api/v1/escalation-policies', { signal });
}

export type NewEscalationPolicy = Filled<PolicyRequest>;

export function createEscalationPolicy(policy: NewEscalationPolicy): Promise<EscalationPolicy> {
  return callData('POST /api/v1/escalation-policies', { body: policy });
}

export function listSlaPolicies(signal?: AbortSignal): Promise<SlaPolicy[]> {
  return callData('GET /api/v1/sla-policies', { signal });
}

export function createSlaPolicy(policy: Filled<SlaRequest>): Promise<SlaPolicy> {
  return callData('POST /api/v1/sla-policies', { body: policy });
}

export function listSchedules(signal?: AbortSignal) {
  return call('GET /api/v1/schedules', { query: new URLSearchParams({ limit: '100' }), signal });
}

export type NewSchedule = Filled<CreateScheduleRequest>;

export function createSchedule(schedule: NewSchedule): Promise<Schedule> {
  return callData('POST /api/v1/schedules', { body: schedule });
}

export function getOnCall(id: string, signal?: AbortSignal): Promise<OnCall> {
  return callData('GET /api/v1/schedules/{id}/oncall', { params: { id }, signal });
}

export const escalationPoliciesOptions = () =>
  queryOptions({ queryKey: oncallKeys.escalationPolicies, queryFn: ({ signal }) => listEscalationPolicies(signal) });

export const slaPoliciesOptions = () => queryOptions({ queryKey: oncallKeys.slaPolicies, queryFn: ({ signal }) => listSlaPolicies(signal) });

export const schedulesOptions = () => queryOptions({ queryKey: oncallKeys.schedules, queryFn: ({ signal }) => listSchedules(signal) });

export const onCallOptions = (id: string) =>
  queryOptions({ queryKey: oncallKeys.onCall(id), queryFn: ({ signal }) => getOnCall(id, signal), refetchInterval: 60_000 });
