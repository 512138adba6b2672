import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import { Fragment, type ReactNode } from 'react';
import { cn } from '../../lib/cn';
import { LoadingBlock } from './Spinner';
import { td, tdTop, th } from './table';

export interface Column<T> {
  id: string;
  /** Header text; wrap it in `<span className="sr-only">` for a column without a visible title. */
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Classes on the header and the body cells, e.g. "hidden md:table-cell". */
  className?: string;
  /** Classes on the body cells only. */
  cellClassName?: string;
  /** The body cells are row headers (`<th scope="row">`) that name their row. */
  rowHeader?: boolean;
}

interface DataTableProps<T> {
  /** Names the table for screen readers (a hidden caption). */
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** Shown instead of the table when there are no rows. */
  empty?: ReactNode;
  /** Shown instead of the table while the first rows load. */
  loading?: boolean;
  onRowClick?: (row: T) => void;
  /** Rows that highlight under the pointer (default true). */
  hover?: boolean;
  /** Body cells align to the top, for rows whose cells wrap onto several lines. */
  alignTop?: boolean;
  /** Extra rows after a row, e.g. its expanded details. */
  renderAfterRow?: (row: T) => ReactNode;
  /** Small print without padding or header band, for a table inside a card. */
  compact?: boolean;
  className?: string;
}

interface ColumnMeta {
  className?: string;
  cellClassName?: string;
  rowHeader?: boolean;
}

const compactTh = 'py-1 font-medium';
const compactTd = 'py-1 font-normal';

/** A data table: one header row, one row per item, the dashboard's table look. */
export function DataTable<T>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
  loading = false,
  onRowClick,
  hover = true,
  alignTop = false,
  renderAfterRow,
  compact = false,
  className,
}: DataTableProps<T>) {
  const table = useReactTable<T>({
    data: rows as T[],
    columns: columns.map(
      (column): ColumnDef<T> => ({
        id: column.id,
        header: () => column.header,
        cell: ({ row }) => column.cell(row.original),
        meta: { className: column.className, cellClassName: column.cellClassName, rowHeader: column.rowHeader } satisfies ColumnMeta,
      }),
    ),
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => rowKey(row),
  });
  if (loading) return <LoadingBlock />;
  if (rows.length === 0 && empty !== undefined) return <>{empty}</>;
  const meta = (value: unknown) => (value ?? {}) as ColumnMeta;
  return (
    <div className={cn('overflow-x-auto', className)}>
      <table className={cn('w-full', compact ? 'text-xs' : 'text-sm')}>
        <caption className="sr-only">{caption}</caption>
        <thead className={compact ? 'text-fg-muted' : 'border-b border-line bg-subtle'}>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col" className={cn(compact ? compactTh : th, meta(header.column.columnDef.meta).className)}>
                  {flexRender(header.column.columnDef.header, header.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-line">
          {table.getRowModel().rows.map((row) => (
            <Fragment key={row.id}>
              <tr
                className={cn(hover && 'hover:bg-subtle/60', onRowClick && 'cursor-pointer')}
                onClick={onRowClick && (() => onRowClick(row.original))}
              >
                {row.getVisibleCells().map((cell) => {
                  const { className: columnClass, cellClassName, rowHeader } = meta(cell.column.columnDef.meta);
                  const Cell = rowHeader ? 'th' : 'td';
                  return (
                    <Cell
                      key={cell.id}
                      scope={rowHeader ? 'row' : undefined}
                      className={cn(compact ? compactTd : alignTop ? tdTop : td, columnClass, cellClassName)}
                    >
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </Cell>
                  );
                })}
              </tr>
              {renderAfterRow?.(row.original)}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Spread into the last column of a table, the one holding each row's buttons: a heading only screen readers see, cells to the right. */
export const actionsColumn = { id: 'actions', header: <span className="sr-only">Actions</span>, cellClassName: 'text-right' } as const;
