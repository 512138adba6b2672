import { useQuery } from '@tanstack/react-query';
import type { SlaRule } from '../../api/types';
import { serviceKeys } from '../../entities/service/api';
import { useInvalidatingMutation } from '../../hooks/useInvalidatingMutation';
import {
  createEscalationPolicy,
  createSchedule,
  createService,
  createSlaPolicy,
  escalationPoliciesOptions,
  oncallKeys,
  onCallOptions,
  schedulesOptions,
  slaPoliciesOptions,
  updateService,
  type NewEscalationPolicy,
  type NewSchedule,
  type NewService,
} from './api';

export const useEscalationPolicies = () => useQuery(escalationPoliciesOptions());
export const useSlaPolicies = () => useQuery(slaPoliciesOptions());
export const useSchedules = () => useQuery(schedulesOptions());
export const useOnCall = (id: string) => useQuery(onCallOptions(id));

export const useCreateService = () => useInvalidatingMutation((s: NewService) => createService(s), [serviceKeys.all]);
export const useUpdateService = (id: string) => useInvalidatingMutation((s: NewService) => updateService(id, s), [serviceKeys.all]);
export const useCreateEscalationPolicy = () =>
  useInvalidatingMutation((p: NewEscalationPolicy) => createEscalationPolicy(p), [oncallKeys.escalationPolicies]);
export const useCreateSlaPolicy = () =>
  useInvalidatingMutation((p: { name: string; rules: SlaRule[] }) => createSlaPolicy(p), [oncallKeys.slaPolicies]);
export const useCreateSchedule = () => useInvalidatingMutation((s: NewSchedule) => createSchedule(s), [oncallKeys.schedules]);
