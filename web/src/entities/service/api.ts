import { queryOptions } from '@tanstack/react-query';
import { callData } from '../../api/call';
import type { Service } from '../../api/types';

export const serviceKeys = { all: ['services'] as const };

export function listServices(signal?: AbortSignal): Promise<Service[]> {
  return callData('GET /api/v1/services', { signal });
}

export const servicesOptions = () =>
  queryOptions({ queryKey: serviceKeys.all, queryFn: ({ signal }) => listServices(signal), staleTime: 60_000 });
