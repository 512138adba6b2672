import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  createCredential,
  createServer,
  deleteCredential,
  deleteServer,
  listCredentials,
  listServers,
  queryKeys,
  resetServerHostKey,
  trustServerHostKey,
  testServer,
  updateCredential,
  updateServer,
  type CredentialPatch,
  type NewCredential,
  type NewServer,
  type ServerFilter,
  type ServerPatch,
} from '../../api/endpoints';

export function useServers(filter: ServerFilter) {
  return useQuery({
    queryKey: queryKeys.servers(filter),
    queryFn: ({ signal }) => listServers(filter, signal),
    placeholderData: keepPreviousData,
  });
}

/** Servers show their credential's name and credentials how many servers use them: both lists follow every change. */
function useInvalidateServersAndCredentials() {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.allServers }),
      queryClient.invalidateQueries({ queryKey: queryKeys.credentials }),
    ]);
}

export function useCreateServer() {
  const invalidate = useInvalidateServersAndCredentials();
  return useMutation({ mutationFn: (server: NewServer) => createServer(server), onSuccess: invalidate });
}

export function useUpdateServer() {
  const invalidate = useInvalidateServersAndCredentials();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: ServerPatch }) => updateServer(id, patch),
    onSuccess: invalidate,
  });
}

export function useDeleteServer() {
  const invalidate = useInvalidateServersAndCredentials();
  return useMutation({ mutationFn: (id: string) => deleteServer(id), onSuccess: invalidate });
}

/** A test pins nothing, but the list is refreshed after it to show the server as it is now. */
export function useTestServer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => testServer(id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.allServers }),
  });
}

export function useTrustHostKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, fingerprint }: { id: string; fingerprint: string }) => trustServerHostKey(id, fingerprint),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.allServers }),
  });
}

export function useResetHostKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => resetServerHostKey(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.allServers }),
  });
}

/** Credentials need credentials:write even to list; pass enabled false for users without it. */
export function useCredentials(enabled = true) {
  return useQuery({ queryKey: queryKeys.credentials, queryFn: ({ signal }) => listCredentials(signal), enabled });
}

/**
 * Its variables hold the secret: gcTime 0 drops the finished mutation (and
 * them) from the cache at once, and the form resets it on success.
 */
export function useCreateCredential() {
  const invalidate = useInvalidateServersAndCredentials();
  return useMutation({ mutationFn: (credential: NewCredential) => createCredential(credential), gcTime: 0, onSuccess: invalidate });
}

export function useUpdateCredential() {
  const invalidate = useInvalidateServersAndCredentials();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: CredentialPatch }) => updateCredential(id, patch),
    gcTime: 0,
    onSuccess: invalidate,
  });
}

export function useDeleteCredential() {
  const invalidate = useInvalidateServersAndCredentials();
  return useMutation({ mutationFn: (id: string) => deleteCredential(id), onSuccess: invalidate });
}
