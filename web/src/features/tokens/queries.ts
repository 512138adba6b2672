import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createToken, listTokens, queryKeys, revokeToken, type NewToken } from '../../api/endpoints';

export function useTokens() {
  return useQuery({ queryKey: queryKeys.tokens, queryFn: ({ signal }) => listTokens(signal) });
}

/**
 * The answer carries the token's secret: it is not cached (gcTime 0) and the
 * list is refetched rather than updated from it.
 */
export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (token: NewToken) => createToken(token),
    gcTime: 0,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.tokens }),
  });
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => revokeToken(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.tokens }),
  });
}
