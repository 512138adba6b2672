import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { listPlaybooks, queryKeys, startRun } from '../../api/endpoints';

export function usePlaybooks(enabled = true) {
  return useQuery({
    queryKey: queryKeys.playbooks,
    queryFn: ({ signal }) => listPlaybooks(signal),
    staleTime: 60_000, // the catalogue changes only with a deploy
    enabled,
  });
}

export function useStartRun(playbook: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ params, dryRun = false, serviceId = '' }: { params: Record<string, unknown>; dryRun?: boolean; serviceId?: string }) =>
      startRun(playbook, params, dryRun, serviceId),
    onSuccess: (run) => {
      queryClient.setQueryData(queryKeys.run(run.id), run);
      void queryClient.invalidateQueries({ queryKey: queryKeys.allRuns });
    },
  });
}
