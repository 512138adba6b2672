import { Plus } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import { useCan } from '../../auth/hooks';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { DataTable, type Column } from '../../components/ui/DataTable';
import { Dialog } from '../../components/ui/Dialog';
import { EmptyState } from '../../components/ui/EmptyState';
import { listQueryFallback } from '../../components/ui/listQueryFallback';
import { PageHeader } from '../../components/ui/PageHeader';

interface ListPageProps<T> {
  title: string;
  description: string;
  noun: string;
  icon: ReactNode;
  query: { isLoading: boolean; isError: boolean; error: Error | null; refetch: () => unknown };
  caption: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  empty: ReactNode;
  /** The create dialog's form; `close` closes the dialog. */
  createForm: (close: () => void) => ReactNode;
  /** More dialogs of the page. */
  dialog?: ReactNode;
}

/** The shared frame of the on-call configuration lists: header, create button and dialog, states, table. */
export function ListPage<T>({ title, description, noun, icon, query, caption, columns, rows, rowKey, empty, createForm, dialog }: ListPageProps<T>) {
  const canWrite = useCan('incidents:write');
  const [creating, setCreating] = useState(false);
  const close = () => setCreating(false);
  return (
    <>
      <PageHeader
        title={title}
        description={description}
        actions={
          canWrite ? (
            <Button variant="primary" onClick={() => setCreating(true)}>
              <Plus aria-hidden />
              New {noun}
            </Button>
          ) : undefined
        }
      />
      {listQueryFallback(query, {
        loading: 'Loading…',
        error: `Could not load ${title.toLowerCase()}`,
        empty: rows.length === 0 && (
          <EmptyState icon={icon} title={`No ${title.toLowerCase()} yet`}>
            {empty}
          </EmptyState>
        ),
      }) ?? (
        <Card className="overflow-hidden">
          <DataTable caption={caption} columns={columns} rows={rows} rowKey={rowKey} hover={false} />
        </Card>
      )}
      <Dialog open={creating} onClose={close} title={`New ${noun}`} wide>
        {createForm(close)}
      </Dialog>
      {dialog}
    </>
  );
}
