import type { ReactNode } from 'react';
import type { PageEnvelope } from '../../api/types';
import { Card } from './Card';
import { listQueryFallback } from './listQueryFallback';
import { Pagination } from './Pagination';

interface PagedListProps<T> {
  query: { isLoading: boolean; isError: boolean; error: Error | null; refetch: () => unknown; data: PageEnvelope<T> | undefined };
  /** What is paged ("users"): the pagination summary, and "Loading users…" / "Could not load users" unless given. */
  noun: string;
  loading?: string;
  error?: string;
  onPageChange: (page: number) => void;
  /** Shown when the page has no rows. */
  empty: ReactNode;
  /** The page's rows, e.g. as a DataTable. */
  children: (rows: T[]) => ReactNode;
}

/** One page of a paged list in a card with its pagination; or its loading, error or empty state. */
export function PagedList<T>({
  query,
  noun,
  loading = `Loading ${noun}…`,
  error = `Could not load ${noun}`,
  onPageChange,
  empty,
  children,
}: PagedListProps<T>) {
  const page = query.data;
  return (
    listQueryFallback(query, { loading, error, empty: !page?.data.length && empty }) ??
    (page && (
      <Card className="overflow-hidden">
        {children(page.data)}
        <div className="border-t border-line">
          <Pagination pagination={page.pagination} onPageChange={onPageChange} noun={noun} />
        </div>
      </Card>
    ))
  );
}
