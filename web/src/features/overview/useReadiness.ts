import { useQuery } from '@tanstack/react-query';
import { getReadiness, queryKeys } from '../../api/endpoints';

export const READINESS_POLL_MS = 5_000;

/** Platform readiness, polled every 5 s. A 503 is data (status "unavailable"), not an error. */
export function useReadiness() {
  return useQuery({
    queryKey: queryKeys.readiness,
    queryFn: ({ signal }) => getReadiness(signal),
    refetchInterval: READINESS_POLL_MS,
    retry: false,
    staleTime: 0,
  });
}
