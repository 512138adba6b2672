import { queryOptions } from '@tanstack/react-query';
import { callData } from '../../api/call';
import type { ApiToken, CreatedApiToken, Permission } from '../../api/types';

export const tokenKeys = { all: ['tokens'] as const };

export function listTokens(signal?: AbortSignal): Promise<ApiToken[]> {
  return callData('GET /api/v1/tokens', { signal });
}

export interface NewToken {
  name: string;
  permissions: Permission[];
  /** RFC 3339; omitted for a token that does not expire. */
  expiresAt?: string;
}

export function createToken(token: NewToken): Promise<CreatedApiToken> {
  return callData('POST /api/v1/tokens', { body: token });
}

export function revokeToken(id: string): Promise<ApiToken> {
  return callData('DELETE /api/v1/tokens/{id}', { params: { id } });
}

export const tokensOptions = () => queryOptions({ queryKey: tokenKeys.all, queryFn: ({ signal }) => listTokens(signal) });
