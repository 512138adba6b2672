import { ChevronLeft, ChevronRight } from 'lucide-react';
import type { Pagination as PageInfo } from '../../api/types';
import { Button } from './Button';

interface PaginationProps {
  pagination: PageInfo;
  onPageChange: (page: number) => void;
  /** What is being paged, for the summary ("runs"). */
  noun: string;
}

export function Pagination({ pagination, onPageChange, noun }: PaginationProps) {
  const { page, limit, total, totalPages } = pagination;
  const first = total === 0 ? 0 : (page - 1) * limit + 1;
  const last = Math.min(page * limit, total);
  const pages = Math.max(totalPages, 1);
  return (
    <nav aria-label="Pagination" className="flex flex-col items-center justify-between gap-3 px-4 py-3 text-sm sm:flex-row">
      <p className="text-fg-muted">
        Showing <span className="font-medium text-fg tabular-nums">{first}–{last}</span> of{' '}
        <span className="font-medium text-fg tabular-nums">{total}</span> {noun}
      </p>
      <div className="flex items-center gap-2">
        <Button size="sm" onClick={() => onPageChange(page - 1)} disabled={page <= 1}>
          <ChevronLeft aria-hidden />
          Previous
        </Button>
        <span className="px-1 text-fg-muted tabular-nums">
          Page {page} of {pages}
        </span>
        <Button size="sm" onClick={() => onPageChange(page + 1)} disabled={page >= pages}>
          Next
          <ChevronRight aria-hidden />
        </Button>
      </div>
    </nav>
  );
}
