import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Run } from '../../api/types';
import { runKeys } from '../../entities/run/api';
import { cancelRun, decideRun } from './api';

function useRefreshRun(id: string) {
  const queryClient = useQueryClient();
  return (run?: Run) => {
    // The action's answer has no linked incidents; keep the last ones we saw.
    if (run) queryClient.setQueryData(runKeys.detail(id), (old: Run | undefined) => (old?.incidents && !run.incidents ? { ...run, incidents: old.incidents } : run));
    void queryClient.invalidateQueries({ queryKey: runKeys.detail(id) });
    void queryClient.invalidateQueries({ queryKey: runKeys.all });
  };
}

export function useCancelRun(id: string) {
  const refresh = useRefreshRun(id);
  return useMutation({ mutationFn: () => cancelRun(id), onSuccess: () => refresh() });
}

export function useDecideRun(id: string) {
  const refresh = useRefreshRun(id);
  return useMutation({
    mutationFn: ({ approve, note }: { approve: boolean; note: string }) => decideRun(id, approve, note),
    onSuccess: (run) => refresh(run),
  });
}
