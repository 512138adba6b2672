import type { ReactNode } from 'react';
import { ErrorState } from './ErrorState';
import { LoadingBlock } from './Spinner';

interface ListQuery {
  isLoading: boolean;
  isError: boolean;
  error: Error | null;
  refetch: () => unknown;
}

/**
 * What a list shows instead of its rows while it loads, when loading failed,
 * or (`empty`, when given) when there is nothing; null once there are rows.
 */
export function listQueryFallback(
  query: ListQuery,
  { loading, error, empty }: { loading: string; error: string; empty?: ReactNode },
): ReactNode | null {
  if (query.isLoading) return <LoadingBlock label={loading} />;
  if (query.isError) return <ErrorState error={query.error} title={error} onRetry={() => void query.refetch()} />;
  return empty || null;
}
