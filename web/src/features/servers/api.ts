import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { request } from '../../api/client';
import type { Credential, CredentialKind, DataEnvelope, PageEnvelope, Server, ServerTestResult } from '../../api/types';

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
  return request<PageEnvelope<Server>>(`/api/v1/servers?${query.toString()}`, { signal });
}

export interface NewServer {
  name: string;
  host: string;
  port: number;
  username: string;
  credentialId: string;
  tags: string[];
  /** Pins the host key up front (authorized_keys format); omitted: nothing logs in until a user trusts the fingerprint a test shows. */
  hostKey?: string;
}

/** Only the fields to change; hostKey "" forgets the pinned key. */
export type ServerPatch = Partial<NewServer>;

export async function createServer(server: NewServer): Promise<Server> {
  const body = await request<DataEnvelope<Server>>('/api/v1/servers', { method: 'POST', body: server });
  return body.data;
}

export async function updateServer(id: string, patch: ServerPatch): Promise<Server> {
  const body = await request<DataEnvelope<Server>>(`/api/v1/servers/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch });
  return body.data;
}

export async function deleteServer(id: string): Promise<void> {
  await request<null>(`/api/v1/servers/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** POST /servers/:id/test — logs in and runs `uname -a`; a server without a pinned host key is only shown its fingerprint (SSHHostKeyNotTrusted). */
export async function testServer(id: string): Promise<ServerTestResult> {
  const body = await request<DataEnvelope<ServerTestResult>>(`/api/v1/servers/${encodeURIComponent(id)}/test`, { method: 'POST' });
  return body.data;
}

/** POST /servers/:id/host-key {fingerprint} — pins the key the server presents, if it is the fingerprint the user checked (409 otherwise). */
export async function trustServerHostKey(id: string, fingerprint: string): Promise<Server> {
  const body = await request<DataEnvelope<Server>>(`/api/v1/servers/${encodeURIComponent(id)}/host-key`, {
    method: 'POST',
    body: JSON.stringify({ fingerprint }),
  });
  return body.data;
}

/** POST /servers/:id/host-key/reset — forgets the pinned key (servers:host-key-reset); a user then trusts the new key's fingerprint. */
export async function resetServerHostKey(id: string): Promise<Server> {
  const body = await request<DataEnvelope<Server>>(`/api/v1/servers/${encodeURIComponent(id)}/host-key/reset`, { method: 'POST' });
  return body.data;
}

export async function listCredentials(signal?: AbortSignal): Promise<Credential[]> {
  const body = await request<DataEnvelope<Credential[]>>('/api/v1/credentials', { signal });
  return body.data;
}

export interface NewCredential {
  name: string;
  kind: CredentialKind;
  secret: string;
}

/** A new name, a new secret (checked against the credential's kind, which never changes), or both. */
export interface CredentialPatch {
  name?: string;
  secret?: string;
}

export async function createCredential(credential: NewCredential): Promise<Credential> {
  const body = await request<DataEnvelope<Credential>>('/api/v1/credentials', { method: 'POST', body: credential });
  return body.data;
}

export async function updateCredential(id: string, patch: CredentialPatch): Promise<Credential> {
  const body = await request<DataEnvelope<Credential>>(`/api/v1/credentials/${encodeURIComponent(id)}`, {
    method: 'PATCH',
    body: patch,
  });
  return body.data;
}

/** DELETE /credentials/:id — 409 while servers still use it. */
export async function deleteCredential(id: string): Promise<void> {
  await request<null>(`/api/v1/credentials/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export const serverKeys = {
  all: ['servers'] as const,
  list: (filter: ServerFilter) => ['servers', filter] as const,
  credentials: ['credentials'] as const,
};

export const serversOptions = (filter: ServerFilter) =>
  queryOptions({ queryKey: serverKeys.list(filter), queryFn: ({ signal }) => listServers(filter, signal), placeholderData: keepPreviousData });

export const credentialsOptions = () => queryOptions({ queryKey: serverKeys.credentials, queryFn: ({ signal }) => listCredentials(signal) });
