import { LoaderCircle } from 'lucide-react';
import { cn } from '../../lib/cn';

export function Spinner({ className }: { className?: string }) {
  return <LoaderCircle aria-hidden className={cn('size-4 motion-safe:animate-spin', className)} />;
}

/** Placeholder for a whole page or section while its first data loads. */
export function LoadingBlock({ label = 'Loading…' }: { label?: string }) {
  return (
    <div role="status" className="flex items-center justify-center gap-2 py-16 text-sm text-fg-muted">
      <Spinner />
      <span>{label}</span>
    </div>
  );
}

/** A quiet spinner while a query that already shows data refetches (for a page header's actions). */
export function RefetchSpinner({ query }: { query: { isFetching: boolean; isLoading: boolean } }) {
  return query.isFetching && !query.isLoading ? <Spinner className="text-fg-muted" /> : null;
}
