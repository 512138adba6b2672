import { queryOptions } from '@tanstack/react-query';
import { request } from '../../api/client';
import type { ApiToken, CreatedApiToken, DataEnvelope, Permission } from '../../api/types';

export const tokenKeys = { all: ['tokens'] as const };

export async function listTokens(signal?: AbortSignal): Promise<ApiToken[]> {
  const body = await request<DataEnvelope<ApiToken[]>>('/api/v1/tokens', { signal });
  return body.data;
}

export interface NewToken {
  name: string;
  permissions: Permission[];
  /** RFC 3339; omitted for a token that does not expire. */
  expiresAt?: string;
}

export async function createToken(token: NewToken): Promise<CreatedApiToken> {
  const body = await request<DataEnvelope<CreatedApiToken>>('/api/v1/tokens', { method: 'POST', body: token });
  return body.data;
}

export async function revokeToken(id: string): Promise<ApiToken> {
  const body = await request<DataEnvelope<ApiToken>>(`/api/v1/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
  return body.data;
}

export const tokensOptions = () => queryOptions({ queryKey: tokenKeys.all, queryFn: ({ signal }) => listTokens(signal) });
