import { useMutation, useQueryClient } from '@tanstack/react-query';
import { runKeys } from '../../entities/run/api';
import { startRun } from './api';

export function useStartRun(playbook: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ params, dryRun = false, serviceId = '' }: { params: Record<string, unknown>; dryRun?: boolean; serviceId?: string }) =>
      startRun(playbook, params, dryRun, serviceId),
    onSuccess: (run) => {
      queryClient.setQueryData(runKeys.detail(run.id), run);
      void queryClient.invalidateQueries({ queryKey: runKeys.all });
    },
  });
}
