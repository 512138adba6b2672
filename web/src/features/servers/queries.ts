import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useInvalidatingMutation } from '../../hooks/useInvalidatingMutation';
import {
  createCredential,
  createServer,
  credentialsOptions,
  deleteCredential,
  deleteServer,
  resetServerHostKey,
  serverKeys,
  serversOptions,
  testServer,
  trustServerHostKey,
  updateCredential,
  updateServer,
  type CredentialPatch,
  type NewCredential,
  type NewServer,
  type ServerFilter,
  type ServerPatch,
} from './api';

/** Servers show their credential's name and credentials how many servers use them: both lists follow every change. */
const serversAndCredentials = [serverKeys.all, serverKeys.credentials];

export const useServers = (filter: ServerFilter) => useQuery(serversOptions(filter));

export const useCreateServer = () => useInvalidatingMutation((server: NewServer) => createServer(server), serversAndCredentials);

export const useUpdateServer = () =>
  useInvalidatingMutation(({ id, patch }: { id: string; patch: ServerPatch }) => updateServer(id, patch), serversAndCredentials);

export const useDeleteServer = () => useInvalidatingMutation((id: string) => deleteServer(id), serversAndCredentials);

/** A test pins nothing, but the list is refreshed after it to show the server as it is now. */
export function useTestServer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => testServer(id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: serverKeys.all }),
  });
}

export const useTrustHostKey = () =>
  useInvalidatingMutation(({ id, fingerprint }: { id: string; fingerprint: string }) => trustServerHostKey(id, fingerprint), [serverKeys.all]);

export const useResetHostKey = () => useInvalidatingMutation((id: string) => resetServerHostKey(id), [serverKeys.all]);

/** Credentials need credentials:write even to list; pass enabled false for users without it. */
export const useCredentials = (enabled = true) => useQuery({ ...credentialsOptions(), enabled });

/*
 * Their variables hold the secret: gcTime 0 drops the finished mutation (and
 * them) from the cache at once, and the form resets it on success.
 */
export const useCreateCredential = () =>
  useInvalidatingMutation((credential: NewCredential) => createCredential(credential), serversAndCredentials, { gcTime: 0 });

export const useUpdateCredential = () =>
  useInvalidatingMutation(({ id, patch }: { id: string; patch: CredentialPatch }) => updateCredential(id, patch), serversAndCredentials, {
    gcTime: 0,
  });

export const useDeleteCredential = () => useInvalidatingMutation((id: string) => deleteCredential(id), serversAndCredentials);
