import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createEscalationPolicy,
  createSchedule,
  createService,
  createSlaPolicy,
  getOnCall,
  listEscalationPolicies,
  listSchedules,
  listSlaPolicies,
  queryKeys,
  updateService,
  type NewEscalationPolicy,
  type NewSchedule,
  type NewService,
} from '../../api/endpoints';
import type { SlaRule } from '../../api/types';

export function useEscalationPolicies() {
  return useQuery({ queryKey: queryKeys.escalationPolicies, queryFn: ({ signal }) => listEscalationPolicies(signal) });
}

export function useSlaPolicies() {
  return useQuery({ queryKey: queryKeys.slaPolicies, queryFn: ({ signal }) => listSlaPolicies(signal) });
}

export function useSchedules() {
  return useQuery({ queryKey: queryKeys.schedules, queryFn: ({ signal }) => listSchedules(signal) });
}

export function useOnCall(id: string) {
  return useQuery({ queryKey: queryKeys.onCall(id), queryFn: ({ signal }) => getOnCall(id, signal), refetchInterval: 60_000 });
}

function useCreate<T, R>(fn: (value: T) => Promise<R>, key: readonly unknown[]) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: key }) });
}

export const useCreateService = () => useCreate((s: NewService) => createService(s), queryKeys.services);
export const useUpdateService = (id: string) => useCreate((s: NewService) => updateService(id, s), queryKeys.services);
export const useCreateEscalationPolicy = () => useCreate((p: NewEscalationPolicy) => createEscalationPolicy(p), queryKeys.escalationPolicies);
export const useCreateSlaPolicy = () => useCreate((p: { name: string; rules: SlaRule[] }) => createSlaPolicy(p), queryKeys.slaPolicies);
export const useCreateSchedule = () => useCreate((s: NewSchedule) => createSchedule(s), queryKeys.schedules);
