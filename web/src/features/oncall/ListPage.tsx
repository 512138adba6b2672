import { Plus } from 'lucide-react';
import type { ReactNode } from 'react';
import { useCan } from '../../auth/hooks';
import { Button } from '../../components/ui/Button';
import { Card } from '../../components/ui/Card';
import { EmptyState } from '../../components/ui/EmptyState';
import { ErrorState } from '../../components/ui/ErrorState';
import { PageHeader } from '../../components/ui/PageHeader';
import { LoadingBlock } from '../../components/ui/Spinner';

interface ListPageProps {
  title: string;
  description: string;
  noun: string;
  icon: ReactNode;
  query: { isLoading: boolean; isError: boolean; error: unknown; refetch: () => unknown };
  count: number;
  onCreate: () => void;
  empty: ReactNode;
  children: ReactNode;
  dialog: ReactNode;
}

/** The shared frame of the on-call configuration lists: header, create button, states. */
export function ListPage({ title, description, noun, icon, query, count, onCreate, empty, children, dialog }: ListPageProps) {
  const canWrite = useCan('incidents:write');
  return (
    <>
      <title>{`${title} · OpsManager`}</title>
      <PageHeader
        title={title}
        description={description}
        actions={
          canWrite ? (
            <Button variant="primary" onClick={onCreate}>
              <Plus aria-hidden />
              New {noun}
            </Button>
          ) : undefined
        }
      />
      {query.isLoading ? (
        <LoadingBlock />
      ) : query.isError ? (
        <ErrorState error={query.error} title={`Could not load ${title.toLowerCase()}`} onRetry={() => void query.refetch()} />
      ) : count === 0 ? (
        <EmptyState icon={icon} title={`No ${title.toLowerCase()} yet`}>
          {empty}
        </EmptyState>
      ) : (
        <Card className="overflow-hidden">{children}</Card>
      )}
      {dialog}
    </>
  );
}
