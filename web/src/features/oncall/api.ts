import { queryOptions } from '@tanstack/react-query';
import { request } from '../../api/client';
import type {
  DataEnvelope,
  EscalationLevel,
  EscalationPolicy,
  OnCall,
  PageEnvelope,
  PlaybookTrigger,
  Rotation,
  Schedule,
  Service,
  SlaPolicy,
  SlaRule,
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

export async function createService(service: NewService): Promise<Service> {
  const body = await request<DataEnvelope<Service>>('/api/v1/services', { method: 'POST', body: service });
  return body.data;
}

/** PATCH /services/:id — replaces the whole service (send every field). */
export async function updateService(id: string, service: NewService): Promise<Service> {
  const body = await request<DataEnvelope<Service>>(`/api/v1/services/${encodeURIComponent(id)}`, { method: 'PATCH', body: service });
  return body.data;
}

export async function listEscalationPolicies(signal?: AbortSignal): Promise<EscalationPolicy[]> {
  const body = await request<DataEnvelope<EscalationPolicy[]>>('/api/v1/escalation-policies', { signal });
  return body.data;
}

export interface NewEscalationPolicy {
  name: string;
  repeat: number;
  levels: EscalationLevel[];
}

export async function createEscalationPolicy(policy: NewEscalationPolicy): Promise<EscalationPolicy> {
  const body = await request<DataEnvelope<EscalationPolicy>>('/api/v1/escalation-policies', { method: 'POST', body: policy });
  return body.data;
}

export async function listSlaPolicies(signal?: AbortSignal): Promise<SlaPolicy[]> {
  const body = await request<DataEnvelope<SlaPolicy[]>>('/api/v1/sla-policies', { signal });
  return body.data;
}

export async function createSlaPolicy(policy: { name: string; rules: SlaRule[] }): Promise<SlaPolicy> {
  const body = await request<DataEnvelope<SlaPolicy>>('/api/v1/sla-policies', { method: 'POST', body: policy });
  return body.data;
}

export function listSchedules(signal?: AbortSignal): Promise<PageEnvelope<Schedule>> {
  return request<PageEnvelope<Schedule>>('/api/v1/schedules?limit=100', { signal });
}

export interface NewSchedule {
  name: string;
  description: string;
  timeZone: string;
  rotations: Rotation[];
}

export async function createSchedule(schedule: NewSchedule): Promise<Schedule> {
  const body = await request<DataEnvelope<Schedule>>('/api/v1/schedules', { method: 'POST', body: schedule });
  return body.data;
}

export async function getOnCall(id: string, signal?: AbortSignal): Promise<OnCall> {
  const body = await request<DataEnvelope<OnCall>>(`/api/v1/schedules/${encodeURIComponent(id)}/oncall`, { signal });
  return body.data;
}

export const escalationPoliciesOptions = () =>
  queryOptions({ queryKey: oncallKeys.escalationPolicies, queryFn: ({ signal }) => listEscalationPolicies(signal) });

export const slaPoliciesOptions = () => queryOptions({ queryKey: oncallKeys.slaPolicies, queryFn: ({ signal }) => listSlaPolicies(signal) });

export const schedulesOptions = () => queryOptions({ queryKey: oncallKeys.schedules, queryFn: ({ signal }) => listSchedules(signal) });

export const onCallOptions = (id: string) =>
  queryOptions({ queryKey: oncallKeys.onCall(id), queryFn: ({ signal }) => getOnCall(id, signal), refetchInterval: 60_000 });
