import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';

/** A mutation that refetches the queries under `keys` once it succeeds. */
export function useInvalidatingMutation<T, R>(mutationFn: (value: T) => Promise<R>, keys: readonly QueryKey[], options: { gcTime?: number } = {}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    ...options,
    onSuccess: () => Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey }))),
  });
}
