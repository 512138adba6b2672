import type { ReactNode } from 'react';
import { Card } from './Card';
import { DataTable, type Column } from './DataTable';
import { listQueryFallback } from './listQueryFallback';

interface QueryTableProps<T> {
  query: { isLoading: boolean; isError: boolean; error: Error | null; refetch: () => unknown; data: readonly T[] | undefined };
  /** What is listed ("tokens"): "Loading tokens…" and "Could not load tokens". */
  noun: string;
  /** Shown when the list is empty. */
  empty: ReactNode;
  caption: string;
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  alignTop?: boolean;
  hover?: boolean;
}

/** A whole (unpaged) list as a table in a card; or its loading, error or empty state. */
export function QueryTable<T>({ query, noun, empty, ...table }: QueryTableProps<T>) {
  const rows = query.data ?? [];
  return (
    listQueryFallback(query, { loading: `Loading ${noun}…`, error: `Could not load ${noun}`, empty: rows.length === 0 && empty }) ?? (
      <Card className="overflow-hidden">
        <DataTable rows={rows} {...table} />
      </Card>
    )
  );
}
