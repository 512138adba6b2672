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
  className?: string;
}

interface ColumnMeta {
  className?: string;
  cellClassName?: string;
}

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
  className,
}: DataTableProps<T>) {
  const table = useReactTable<T>({
    data: rows as T[],
    columns: columns.map(
      (column): ColumnDef<T> => ({
        id: column.id,
        header: () => column.header,
        cell: ({ row }) => column.cell(row.original),
        meta: { className: column.className, cellClassName: column.cellClassName } satisfies ColumnMeta,
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
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-line bg-subtle">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col" className={cn(th, meta(header.column.columnDef.meta).className)}>
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
                  const { className: columnClass, cellClassName } = meta(cell.column.columnDef.meta);
                  return (
                    <td key={cell.id} className={cn(alignTop ? tdTop : td, columnClass, cellClassName)}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
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
