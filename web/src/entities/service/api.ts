import { queryOptions } from '@tanstack/react-query';
import { request } from '../../api/client';
import type { DataEnvelope, Service } from '../../api/types';

export const serviceKeys = { all: ['services'] as const };

export async function listServices(signal?: AbortSignal): Promise<Service[]> {
  const body = await request<DataEnvelope<Service[]>>('/api/v1/services', { signal });
  return body.data;
}

export const servicesOptions = () =>
  queryOptions({ queryKey: serviceKeys.all, queryFn: ({ signal }) => listServices(signal), staleTime: 60_000 });
