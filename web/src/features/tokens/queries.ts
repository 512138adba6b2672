import { useQuery } from '@tanstack/react-query';
import { useInvalidatingMutation } from '../../hooks/useInvalidatingMutation';
import { createToken, revokeToken, tokenKeys, tokensOptions, type NewToken } from './api';

export const useTokens = () => useQuery(tokensOptions());

/**
 * The answer carries the token's secret: it is not cached (gcTime 0) and the
 * list is refetched rather than updated from it.
 */
export const useCreateToken = () => useInvalidatingMutation((token: NewToken) => createToken(token), [tokenKeys.all], { gcTime: 0 });

export const useRevokeToken = () => useInvalidatingMutation((id: string) => revokeToken(id), [tokenKeys.all]);
