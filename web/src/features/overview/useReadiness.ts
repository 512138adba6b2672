import { useQuery } from '@tanstack/react-query';
import { readinessOptions } from './api';

export const READINESS_POLL_MS = 5_000;

/** Platform readiness, polled every 5 s. A 503 is data (status "unavailable"), not an error. */
export function useReadiness() {
  return useQuery({ ...readinessOptions(), refetchInterval: READINESS_POLL_MS, retry: false, staleTime: 0 });
}
