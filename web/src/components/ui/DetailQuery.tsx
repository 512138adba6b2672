import { ArrowLeft, SearchX } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import { EmptyState } from './EmptyState';
import { ErrorState } from './ErrorState';
import { LoadingBlock } from './Spinner';

/** A "← All things" link back to a list page. */
export function BackLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link to={to} className="inline-flex items-center gap-1 text-sm text-link hover:underline">
      <ArrowLeft aria-hidden className="size-4" />
      {children}
    </Link>
  );
}

interface DetailQuery {
  isLoading: boolean;
  isError: boolean;
  data: unknown;
  error: Error | null;
  refetch: () => unknown;
}

/**
 * What a detail page shows instead of its content while it loads, when the
 * thing does not exist, or when loading failed; null once there is data.
 */
export function detailQueryFallback(
  query: DetailQuery,
  { noun, id, back }: { noun: string; id: string; back: ReactNode },
): ReactNode | null {
  if (query.isLoading) return <LoadingBlock label={`Loading ${noun}…`} />;
  if (!query.isError && query.data) return null;
  if (query.error instanceof ApiError && query.error.isNotFound) {
    const title = noun.charAt(0).toUpperCase() + noun.slice(1);
    return (
      <EmptyState icon={<SearchX />} title={`${title} not found`}>
        <p>
          No {noun} has the ID {id}.
        </p>
        <p className="mt-2">{back}</p>
      </EmptyState>
    );
  }
  return <ErrorState error={query.error} title={`Could not load this ${noun}`} onRetry={() => void query.refetch()} />;
}

interface DetailRouteProps<Q extends DetailQuery> {
  /** Loads the thing named by the route's :id. */
  useQuery: (id: string) => Q;
  noun: string;
  back: ReactNode;
  children: (data: NonNullable<Q['data']>, query: Q) => ReactNode;
}

/** The page of a route with an :id: the fallback (loading, not found, error) until there is data, then `children`. */
export function DetailRoute<Q extends DetailQuery>({ useQuery, noun, back, children }: DetailRouteProps<Q>) {
  const { id = '' } = useParams();
  const query = useQuery(id);
  const fallback = detailQueryFallback(query, { noun, id, back });
  if (fallback || !query.data) return fallback;
  return children(query.data as NonNullable<Q['data']>, query);
}
