import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { call, callData, type Filled, type Patch } from '../../api/call';
import type { CreateServerRequest, UpdateCredentialRequest } from '../../api/generated';
import type { Credential, CredentialKind, PageEnvelope, Server, ServerTestResult } from '../../api/types';

export interface ServerFilter {
  /** Matches name or host. */
  q: string;
  /** Servers carrying every one of these tags. */
  tags: string[];
  page: number;
  limit: number;
}

export function listServers(filter: ServerFilter, signal?: AbortSignal): Promise<PageEnvelope<Server>> {
  const query = new URLSearchParams({ page: String(filter.page), limit: String(filter.limit) });
  if (filter.q) query.set('q', filter.q);
  for (const tag of filter.tags) query.append('tag', tag);
  return call('GET /api/v1/servers', { query, signal });
}

/** hostKey pins the host key up front (authorized_keys format); omitted: nothing logs in until a user trusts the fingerprint a test shows. */
export type NewServer = Filled<Omit<CreateServerRequest, 'hostKey'>> & Pick<CreateServerRequest, 'hostKey'>;

/** Only the fields to change; hostKey "" forgets the pinned key. */
export type ServerPatch = Partial<NewServer>;

export function createServer(server: NewServer): Promise<Server> {
  return callData('POST /api/v1/servers', { body: server });
}

export function updateServer(id: string, patch: ServerPatch): Promise<Server> {
  return callData('PATCH /api/v1/servers/{id}', { params: { id }, body: patch });
}

export async function deleteServer(id: string): Promise<void> {
  await call('DELETE /api/v1/servers/{id}', { params: { id } });
}

/** POST /servers/:id/test — logs in and runs `uname -a`; a server without a pinned host key is only shown its fingerprint (SSHHostKeyNotTrusted). */
export function testServer(id: string): Promise<ServerTestResult> {
  return callData('POST /api/v1/servers/{id}/test', { params: { id } });
}

/** POST /servers/:id/host-key {fingerprint} — pins the key the server presents, if it is the fingerprint the user checked (409 otherwise). */
export function trustServerHostKey(id: string, fingerprint: string): Promise<Server> {
  return callData('POST /api/v1/servers/{id}/host-key', { params: { id }, body: { fingerprint } });
}

/** POST /servers/:id/host-key/reset — forgets the pinned key (servers:host-key-reset); a user then trusts the new key's fingerprint. */
export function resetServerHostKey(id: string): Promise<Server> {
  return callData('POST /api/v1/servers/{id}/host-key/reset', { params: { id } });
}

export function listCredentials(signal?: AbortSignal): Promise<Credential[]> {
  return callData('GET /api/v1/credentials', { signal });
}

export interface NewCredential {
  name: string;
  kind: CredentialKind;
  secret: string;
}

/** A new name, a new secret (checked against the credential's kind, which never changes), or both. */
export type CredentialPatch = Patch<UpdateCredentialRequest>;

export function createCredential(credential: NewCredential): Promise<Credential> {
  return callData('POST /api/v1/credentials', { body: credential });
}

export function updateCredential(id: string, patch: CredentialPatch): Promise<Credential> {
  return callData('PATCH /api/v1/credentials/{id}', { params: { id }, body: patch });
}

/** DELETE /credentials/:id — 409 while servers still use it. */
export async function deleteCredential(id: string): Promise<void> {
  await call('DELETE /api/v1/credentials/{id}', { params: { id } });
}

export const serverKeys = {
  all: ['servers'] as const,
  list: (filter: ServerFilter) => ['servers', filter] as const,
  credentials: ['credentials'] as const,
};

export const serversOptions = (filter: ServerFilter) =>
  queryOptions({ queryKey: serverKeys.list(filter), queryFn: ({ signal }) => listServers(filter, signal), placeholderData: keepPreviousData });

export const credentialsOptions = () => queryOptions({ queryKey: serverKeys.credentials, queryFn: ({ signal }) => listCredentials(signal) });
