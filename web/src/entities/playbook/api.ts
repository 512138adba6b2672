import { queryOptions } from '@tanstack/react-query';
import { request } from '../../api/client';
import type { DataEnvelope, Playbook } from '../../api/types';

export const playbookKeys = { all: ['playbooks'] as const };

export async function listPlaybooks(signal?: AbortSignal): Promise<Playbook[]> {
  const body = await request<DataEnvelope<Playbook[]>>('/api/v1/playbooks', { signal });
  return body.data;
}

export const playbooksOptions = () =>
  queryOptions({
    queryKey: playbookKeys.all,
    queryFn: ({ signal }) => listPlaybooks(signal),
    staleTime: 60_000, // the catalogue changes only with a deploy
  });
