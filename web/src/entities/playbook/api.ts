import { queryOptions } from '@tanstack/react-query';
import { callData } from '../../api/call';
import type { Playbook } from '../../api/types';

export const playbookKeys = { all: ['playbooks'] as const };

export function listPlaybooks(signal?: AbortSignal): Promise<Playbook[]> {
  return callData<'GET /api/v1/playbooks', Playbook[]>('GET /api/v1/playbooks', { signal });
}

export const playbooksOptions = () =>
  queryOptions({
    queryKey: playbookKeys.all,
    queryFn: ({ signal }) => listPlaybooks(signal),
    staleTime: 60_000, // the catalogue changes only with a deploy
  });
